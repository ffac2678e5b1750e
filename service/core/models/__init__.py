"""The trained models the pipeline loads once: spaCy + jieba (`nlp`), the line classifier (`lines`), the
number-to-cell linker (`linker`), and `lean`, their numpy-only twins that workers load without scikit-learn."""
