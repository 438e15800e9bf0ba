"""Fleet and parcel logistics integrations."""
