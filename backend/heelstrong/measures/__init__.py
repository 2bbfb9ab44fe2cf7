"""Measures (PROTOCOL.md 6): heel-rise tests and questionnaire answers, stored as the patient
or their clinician entered them. What they mean (schedule, words, signals) is read above."""
