"""Independent evaluation corpus for hoso (see __main__)."""
