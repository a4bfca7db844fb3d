"""Early intervention (tidlig indsats), a write-side sub-domain of the reports app: projects reported in the
Aarhus template's structure (consultations, wellbeing conversations, budget and expenses)."""
