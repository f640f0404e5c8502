import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlcourse import plot  # noqa: E402


def test_decision_boundary_shades_one_region_per_class():
    X = np.array([[-1.0, 1.0, -1.0, 1.0], [-1.0, -1.0, 1.0, 1.0]])
    Y = np.array([[0, 1, 0, 1]])
    ax = plot.plot_decision_boundary(lambda P: (P[0] > 0).astype(int), X, Y, resolution=50)
    cs = [c for c in ax.collections if hasattr(c, "levels")][0]
    np.testing.assert_allclose(cs.levels, [-0.5, 0.5, 1.5])
    plt.close("all")


def test_decision_boundary_rejects_wrong_layout():
    with pytest.raises(ValueError, match="X has shape"):
        plot.plot_decision_boundary(lambda P: P[0] > 0, np.zeros((4, 2)), np.zeros((1, 4)))


def test_plot_costs_and_image_grid():
    ax = plot.plot_costs([1.0, 0.5, 0.25], every=100)
    np.testing.assert_allclose(ax.lines[0].get_xdata(), [0, 100, 200])
    fig = plot.image_grid(np.zeros((3, 8, 8, 3), dtype=np.uint8), titles=["a", "b", "c"], ncols=2)
    assert len(fig.axes) == 3
    with pytest.raises(ValueError, match="titles"):
        plot.image_grid(np.zeros((3, 8, 8, 3)), titles=["a"])
    with pytest.raises(ValueError, match="shape"):
        plot.image_grid(np.zeros((8, 8, 3)))
    assert plot.show_mislabeled(np.zeros((2, 8, 8, 3)), [0, 1], [0, 1], ["no", "yes"]) is None
    fig = plot.show_mislabeled(np.zeros((2, 8, 8, 3)), [0, 1], [1, 1], ["no", "yes"])
    assert len(fig.axes) == 1
    plt.close("all")
