"""Good practices pages: the list (published, my drafts, to review), a practice, drafting and
editing one, submitting it, the team's review; and the knowledge hub (/sapere/).

Who gets what (the permission matrix):
- list, detail, hub: anyone, for what `visible_to` lets them see; a practice they may not see
  (a draft of others, another programme's private one) is a 404.
- create: members of a programme (403 for an account without a role; anonymous to login).
- edit: authors and the project's coordinators while it is a draft, the programme team always
  (403 for the others who can see it; 404 for those who cannot).
- submit (POST): whoever may edit a draft. review (POST): the programme team, in review.
"""
