"""Worked solutions of the exercises of "Error analysis".

``grader.show_solution("<exercise>")`` prints them. They are the learner-style answers (each checked by its grader in the tests), not the library kernels.
"""
import numpy as np


def error_tally(mistakes, kinds, tags):
    counts = {"dog": 0, "big cat": 0, "cat-like object": 0, "whole-body cat": 0, "small or hidden cat": 0,
              "blurry": 0, "dark": 0, "low contrast": 0, "other": 0}
    for wrong, kind, tag in zip(mistakes, kinds, tags):
        if not wrong:
            continue
        tag_list = tag.split(",")
        found = []
        if kind.startswith("dog/"):
            found.append("dog")
        if kind in ("lion", "tiger"):
            found.append("big cat")
        if kind in ("teddy_bear", "cushion"):
            found.append("cat-like object")
        if kind.startswith(("cat/sitting/", "cat/side/", "cat/lying/")):
            found.append("whole-body cat")
        if "small" in tag_list or "occluded" in tag_list:
            found.append("small or hidden cat")
        for name, tag_name in (("blurry", "blurry"), ("dark", "dark"), ("low contrast", "low_contrast")):
            if tag_name in tag_list:
                found.append(name)
        for name in found or ["other"]:
            counts[name] += 1
    return counts


def label_error_breakdown(predictions, given, true):
    predictions, given, true = (np.asarray(a).ravel() for a in (predictions, given, true))
    m = predictions.size
    wrong = predictions != given
    mislabelled = given != true
    return {"overall": np.sum(wrong) / m,
            "incorrect labels": np.sum(wrong & mislabelled) / m,
            "other causes": np.sum(wrong & ~mislabelled) / m}
