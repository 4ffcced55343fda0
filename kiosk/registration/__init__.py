"""Job-seeker registration (求职登记): the checks and the record; screens come with issue 3."""
