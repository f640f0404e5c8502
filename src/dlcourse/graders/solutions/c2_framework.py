"""Worked solutions of the exercises of "Multi-class classification and a framework of our own".

``grader.show_solution("<exercise>")`` prints them. They are the learner-style answers (each checked by its
grader in the tests), not the library kernels.
"""
import numpy as np

from dlcourse import autograd as ag


def softmax(Z):
    Z_shifted = Z - np.max(Z, axis=0, keepdims=True)  # the largest score of each column becomes 0
    E = np.exp(Z_shifted)
    return E / np.sum(E, axis=0, keepdims=True)


def one_hot(labels, C):
    labels = np.asarray(labels).reshape(-1)
    m = labels.shape[0]
    Y = np.zeros((C, m))
    Y[labels, np.arange(m)] = 1.0
    return Y


def softmax_cost(Z, Y):
    m = Z.shape[1]
    Z_shifted = Z - np.max(Z, axis=0, keepdims=True)
    log_A = Z_shifted - np.log(np.sum(np.exp(Z_shifted), axis=0, keepdims=True))  # log softmax, stably
    return float(-np.sum(Y * log_A) / m)


def softmax_regression_grads(W, b, X, Y):
    m = X.shape[1]
    Z = W @ X + b
    Z = Z - np.max(Z, axis=0, keepdims=True)
    A = np.exp(Z) / np.sum(np.exp(Z), axis=0, keepdims=True)
    dZ = A - Y
    dW = dZ @ X.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    return {"dW": dW, "db": db}


def softmax_op(z):
    Z = z.data
    E = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    A = E / np.sum(E, axis=0, keepdims=True)

    def backward(g):
        # the vector-Jacobian product of the softmax, column by column: dz = A * (g - sum_k g_k A_k)
        return (A * (g - np.sum(g * A, axis=0, keepdims=True)),)

    return ag.record(A, (z,), backward)


def train_steps(model, optimizer, X, Y, num_steps):
    costs = []
    for _ in range(num_steps):
        optimizer.zero_grad()                               # forget the previous step's gradients
        cost = ag.softmax_cross_entropy(model(X), Y)        # forward: logits -> mean cross-entropy
        cost.backward()                                     # backward: fills every parameter's .grad
        optimizer.step()                                    # update: p.data from p.grad
        costs.append(cost.item())
    return costs
