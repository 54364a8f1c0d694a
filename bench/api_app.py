"""The app plus a bare route that inserts one row: the baseline for the submission budget.

gunicorn -c bench/gunicorn.conf.py bench.api_app:app
"""

import uuid

from flask import request
from sqlalchemy import text

from app import create_app
from app.extensions import csrf, db

app = create_app()


@app.post("/bench/bare")
@csrf.exempt
def bare():
    """Parse the same JSON body and insert one row: no validation, no answers."""
    body = request.get_json()
    db.session.execute(
        text("INSERT INTO bench_bare (client_id, body) VALUES (:id, :body)"),
        {"id": str(body.get("client_id") or uuid.uuid4()), "body": request.get_data(as_text=True)},
    )
    db.session.commit()
    return {"status": "created"}, 201
