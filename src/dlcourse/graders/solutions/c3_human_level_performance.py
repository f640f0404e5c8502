"""Worked solutions of the exercises of "Comparing to human-level performance".

``grader.show_solution("<exercise>")`` prints them. They are the learner-style answers (each checked by its grader in the tests), not the library kernels.
"""


def avoidable_bias_variance(human_error, train_error, dev_error):
    avoidable_bias = train_error - human_error
    variance = dev_error - train_error
    return avoidable_bias, variance


def what_to_work_on(human_error, train_error, dev_error):
    avoidable_bias = train_error - human_error
    variance = dev_error - train_error
    if avoidable_bias > variance:
        return "bias"
    return "variance"
