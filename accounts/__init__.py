"""Sign-in protection for the Wagtail admin: lockouts after repeated failed sign-ins.

django-axes counts the failures and refuses locked-out sign-ins; this app tells the person
why on Wagtail's own sign-in page (`forms`, `views.lockout_response`), keeps a successful
sign-in from clearing other people's failures (`attempts`), and gives superusers a page to
see and lift lockouts (Settings → Sign-in lockouts).
"""
