"""Shared pieces for the detectors that read words: a capitalised name, spacing, and the
capitalised words that are never names (sentence starters, days, months, services).

Proper nouns are told from prose by their capital letter, so a word list, not a gazetteer,
keeps "Mr" at the end of a sentence or "The Ward" at the start of one quiet.
"""

from __future__ import annotations

UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"
# One capitalised word of a name: Smith, O'Neil, McDonald, D'Souza, Smith-Jones, DeVito, Zoë.
NAME_WORD = rf"(?:(?:O['’]|D['’])?[{UPPER}][{LOWER}]+(?:[-'’]?[{UPPER}][{LOWER}]+)*)"
SPACE = "[ \t\u00a0]+"  # within a phrase: never across a line break

NOT_NAMES = frozenset(
    ["The", "A", "An", "He", "She", "They", "It", "I", "We", "You", "His", "Her", "Hers", "Their", "Them", "Him", "Its", "Our", "Your", "My", "Me", "Us", "This", "That", "These", "Those", "There", "Then", "Than", "When", "What", "Who", "Whom", "Whose", "Why", "How", "Where", "Which", "While", "Whilst", "And", "But", "Or", "Nor", "So", "If", "On", "In", "At", "To", "From", "With", "Within", "Without", "For", "Of", "Off", "By", "As", "Up", "Down", "Out", "Over", "Under", "After", "Before", "Since", "Until", "During", "About", "Around", "Into", "Onto", "Upon", "Today", "Tonight", "Yesterday", "Tomorrow", "Also", "However", "Although", "Though", "Not", "No", "Yes", "Please", "Thanks", "Thank", "Both", "Each", "Every", "Some", "Any", "All", "None", "Many", "Much", "More", "Most", "Other", "Another", "Such", "Only", "Just", "Still", "Even", "Again", "Later", "Now", "Here", "Next", "Last", "First", "Second", "Third", "Has", "Had", "Have", "Was", "Were", "Is", "Are", "Be", "Been", "Being", "Did", "Does", "Do", "Done", "Said", "Says", "Will", "Would", "Could", "Should", "May", "Might", "Must", "Can", "Cannot", "Shall", "Very", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "June", "July", "August", "September", "October", "November", "December", "Christmas", "Easter", "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame", "Lady", "Lord", "Trust", "Team", "Teams", "Service", "Services", "Agency", "Council", "Hospital", "Ward", "Unit", "Centre", "Clinic", "Practice", "Surgery", "Police", "Court", "Social", "Housing", "Church", "School", "College", "University", "Group", "Community", "Crisis", "Home", "Health", "Mental", "Care", "Support", "Patient", "Patients", "Doctor", "Nurse", "Consultant", "Registrar", "Psychiatrist", "Psychologist", "Therapist", "Worker", "Manager", "Staff", "Duty", "Team", "Plan", "Review", "Meeting", "Mum", "Dad", "Mother", "Father", "Sister", "Brother", "Son", "Daughter", "Wife", "Husband", "Partner", "Friend", "Friends", "Family", "Year", "Reception", "Class"]
)

# Words that make "… Ward" or "… Hospital" a kind of place, not the name of one.
GENERIC_PLACE_WORDS = frozenset(
    ["Acute", "Psychiatric", "Mental", "Health", "Medical", "Surgical", "General", "District", "Female", "Male", "Mixed", "Older", "Adult", "Adults", "Admission", "Admissions", "Assessment", "Rehab", "Rehabilitation", "Inpatient", "Open", "Locked", "Secure", "Day", "Children's", "Childrens", "Maternity", "Paediatric", "Elderly", "Dementia", "Forensic", "Intensive", "Care", "Local", "Same", "Other", "New", "Old", "Previous", "Next", "Busy", "Quiet", "Whole", "Entire", "Home", "Emergency", "Observation", "Isolation", "Short", "Long", "Stay", "Treatment", "Community", "Teaching", "Private", "Royal", "University", "Women's", "Cottage", "Specialist", "Military", "Main", "Nearest", "Nearby", "Foundation", "Trust", "Hospital", "Hospitals", "Ward", "Wards", "Unit", "Recovery", "Respite", "Crisis", "Low", "Medium", "High", "Triage", "Different", "Another", "Current", "Usual", "Nursing", "Receiving", "Admitting", "Discharging", "Transfer", "Step", "Down", "Independent", "Regional", "County", "Cancer", "Eye", "Dental", "Heart", "Chest", "Stroke", "Cardiac", "Cardiology", "Renal", "Respiratory", "Oncology", "Orthopaedic", "Orthopaedics", "Surgery", "Gynae", "Gynaecology", "Antenatal", "Postnatal", "Labour", "Neurology", "Neuro", "Geriatric", "Psychiatry", "Covid", "Burns", "Trauma", "Major", "Field", "Base", "Eating", "Disorders", "Perinatal", "Mother", "Baby", "Side"]
) | NOT_NAMES
