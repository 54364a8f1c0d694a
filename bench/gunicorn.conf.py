# Two cores: 4 sync workers (2 x cores), as for production on one small machine.
workers = 4
bind = "127.0.0.1:5090"
accesslog = None
