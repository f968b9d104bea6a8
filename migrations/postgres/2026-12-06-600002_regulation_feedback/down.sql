DROP TABLE question_regulations;
