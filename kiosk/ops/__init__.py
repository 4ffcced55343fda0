"""Running a box: backups, restores and upgrades (`kiosk backup`, `restore`, `upgrade`)."""
