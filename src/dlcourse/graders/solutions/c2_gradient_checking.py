"""Worked solutions of the exercises of "Gradient checking" (Course 2).

``grader.show_solution("<exercise>")`` prints them. They are the learner-style answers (each checked by its
grader in the tests), not the library's :mod:`dlcourse.gradcheck`.
"""
import numpy as np

from dlcourse.gradcheck import dictionary_to_vector, vector_to_dictionary, verdict


def forward_propagation(x, theta):
    J = theta * x
    return J


def backward_propagation(x, theta):
    dtheta = x
    return dtheta


def gradient_check(x, theta, epsilon=1e-7, print_msg=False, forward=forward_propagation,
                   backward=backward_propagation):
    # the two-sided difference: move theta both ways by epsilon
    theta_plus = theta + epsilon
    theta_minus = theta - epsilon
    J_plus = forward(x, theta_plus)
    J_minus = forward(x, theta_minus)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    # the analytic gradient and the relative difference
    grad = backward(x, theta)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
    if print_msg:
        print("gradient check:", verdict(difference))
    return difference


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False, forward=None):
    # in the chapter, forward defaults to the notebook's forward_propagation_n
    parameters_values, layout = dictionary_to_vector(parameters)
    grad, _ = dictionary_to_vector(gradients, keys=["d" + name for name in parameters])
    num_parameters = parameters_values.shape[0]
    gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)      # a fresh copy: only entry i moves
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus, _ = forward(X, Y, vector_to_dictionary(theta_plus, layout))
        theta_minus = np.copy(parameters_values)
        theta_minus[i] = theta_minus[i] - epsilon
        J_minus, _ = forward(X, Y, vector_to_dictionary(theta_minus, layout))
        gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
    if print_msg:
        print("gradient check:", verdict(difference))
    return difference
