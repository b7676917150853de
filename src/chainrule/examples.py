"""The two 1-2-1 networks of chapters 8 and 9, for pages and notebooks that start from them.

Chapter 8 types their weights in; chapter 9 and the workbooks call these functions instead, so
the numbers live in one place. Each call returns a new network, free to change.

>>> from chainrule.datasets import interval_data
>>> X, y = interval_data(51)
>>> round(partially_trained_network().loss(X, y, reduction="sum"), 3)
12.017
>>> round(trained_network().loss(X, y, reduction="sum"), 3)
0.347
"""

from __future__ import annotations

from chainrule.network import Network

__all__ = ["partially_trained_network", "trained_network"]


def partially_trained_network() -> Network:
    """The partially trained 1-2-1 sigmoid network of chapter 8 (total log loss 12.017).

    >>> partially_trained_network().n_parameters
    7
    """
    return Network(
        weights=[[[-7.8751], [-8.3499]], [[5.0297, -4.0937]]],
        biases=[[[-3.9181], [3.8380]], [[1.6347]]],
    )


def trained_network() -> Network:
    """The same network after many steps of gradient descent (total log loss 0.347).

    >>> trained_network().weights[1]
    array([[ 18.5647, -16.8853]])
    """
    return Network(
        weights=[[[27.6292], [29.6453]], [[18.5647, -16.8853]]],
        biases=[[[-13.8410], [14.6499]], [[7.7300]]],
    )
