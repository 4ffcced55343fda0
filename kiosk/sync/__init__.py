"""Station ↔ hub sync, split by side:

- `wire/`: which records travel, how a row is written on the wire, how requests are signed
  (both sides read it);
- `capture.py`: every change to a travelling record is captured where it is made (both);
- `station/`: the outbox, a sync round, the desk's sync page, `kiosk sync` (stations);
- `hub/`: taking a batch once, the change log, the register of stations, the Stations page,
  `kiosk hub …` (hubs).
"""
