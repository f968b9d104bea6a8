-- Feedback on an administrative regulation (phản ánh, kiến nghị về quy định hành chính;
-- regulation 004 art. 8.2i): a question of the Q&A inbox linked to the regulation it is
-- about, a document of the legal registry or a procedure of the catalogue.
CREATE TABLE question_regulations (
    question_id INTEGER PRIMARY KEY NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    regulation_id INTEGER NOT NULL REFERENCES content_items(id)
);
CREATE INDEX question_regulations_regulation ON question_regulations(regulation_id);
