"""What clearance tells the apps above it, which it may not import.

`travel_approved` is sent inside the approving transaction once a trip abroad is finally
approved, with `travel` (the TravelRequest) and `actor` (who gave the last approval): training
assigns the traveller their education before travel.
"""

from django.dispatch import Signal

travel_approved = Signal()
