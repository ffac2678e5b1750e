"""Corpus sizes shared by the training commands (train.py and each train_*.py read them here, so none imports another)."""

N_TRAIN, N_HELDOUT = 600, 150  # generated reports to train on, and held out to evaluate on
