"""The demo cases, one Story each (family.py: IRCC, removal.py: CBSA).

STORIES is the order in which they are loaded, so CCR-<year>-00001 is the first. Together they
cover the six kinds and every state of the lifecycle; README.md ("Demo logins") tells people
what to look for in them: keep it true.
"""

from . import family, removal

STORIES = (
    family.MUKENDI,  # draft, French
    family.TESFAYE,  # submitted
    family.HAIDARI,  # in review, assigned to council staff; a child ageing out
    family.JOSEPH,  # information requested, French
    family.ABDI,  # accepted
    family.AL_KHATIB,  # escalated to IRCC
    family.NDAYISHIMIYE,  # response received from IRCC, French
    family.OKAFOR,  # closed, favourable, after a follow-up round
    removal.MORALES,  # critical removal, escalated straight from submission
    removal.KARIMI,  # removal in ten days (high), in review
    removal.TCHOUMI,  # border: detained, escalated to CBSA (critical), French
    removal.BALOGH,  # declined
    removal.ROJAS,  # withdrawn by the member organisation
    removal.HAILE,  # closed, partly favourable
    family.JOSEPH_IN_TORONTO,  # submitted in Toronto: a possible duplicate of JOSEPH
    removal.DIALLO,  # detention: a review hearing in three days (high), in review
    family.AZIZI,  # resettlement referral of an Afghan judge, accepted
    family.SANTOS,  # R.117(9)(d), not pilot-eligible (economic sponsor); ages out at 22 soon
)
