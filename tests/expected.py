"""The numbers the chapters print about the shared examples, typed once for every test.

Several test files check the same object: a package test reproduces a number that a chapter
prints, and the chapter's test asserts the printed line. Each such number lives here, grouped by
the object it belongs to, so the tests cannot drift apart. Rounded numbers are rounded as the
pages print them; the others are the exact floats the package computes.

>>> from chainrule.datasets import interval_data
>>> from chainrule.examples import partially_trained_network
>>> X, y = interval_data(51)
>>> round(partially_trained_network().loss(X, y, reduction="sum"), 3) == SEED_NETWORK_LOSS
True
"""

# --- Forward differences of chapters 1 and 2 (chainrule.numeric) ------------------------------

# forward_difference of x**2 at x = 3, default step
SQUARE_FORWARD_DIFFERENCE_AT_3 = 6.000001000927568
# partial_derivative of x + y in x (and in y) at (2, 3), forward, default step
ADD_PARTIAL_AT_2_3 = 1.000000000139778
# ... in x at (-20, 300), (2, 75) and (3, 10)
ADD_PARTIALS_AT_THREE_POINTS = (0.9999999974752427, 0.9999999974752427, 1.0000000010279564)
# partial_derivative of x * y in x at x = -20, 2, 3 with y = 3, forward, step 1e-5
MUL_PARTIALS_AT_THREE_POINTS = (2.999999999531155, 3.000000000064062, 3.000000000064062)
# the three partials of a**2 + b**3 - c at (2, 3, 4), forward, step 1e-5
POLY_PARTIALS = (4.000010000027032, 27.000090000228735, -0.9999999999621422)

# --- The tanh neuron of chapters 7 and 11: tanh(x1*w1 + x2*w2 + b), x = (2, 0), w = (-3, 1) ---

# the bias that makes the output 1/sqrt(2)
TANH_NEURON_BIAS = 6.8813735870195432
# the output, in Python floats (chainrule.Value)
TANH_NEURON_OUTPUT = 0.7071067811865477
# the output's gradients, in the order chapter 7 prints them
TANH_NEURON_GRADIENTS = {"x1": -1.5, "w1": 1.0, "x2": 0.5, "w2": 0.0}
# the output when the bias is first rounded to float32, as PyTorch's default tensors do
TANH_NEURON_FLOAT32_OUTPUT = 0.7071066904050358

# --- Chapter 8's data and seed network -------------------------------------------------------
# The data is chainrule.datasets.interval_data(51); the seed network (the pages' seed_network)
# is chainrule.examples.partially_trained_network(), the trained one is
# chainrule.examples.trained_network().

# how many of the 51 points are class 1 (outside (-0.5, 0.5))
INTERVAL_DATA_CLASS_1_POINTS = 26
# the seed network's weights and biases, as chapter 8 types them
SEED_NETWORK_WEIGHTS = (((-7.8751,), (-8.3499,)), ((5.0297, -4.0937),))
SEED_NETWORK_BIASES = (((-3.9181,), (3.8380,)), ((1.6347,),))
# its total and mean log loss on the 51 points, to 3 and 4 decimals
SEED_NETWORK_LOSS = 12.017
SEED_NETWORK_MEAN_LOSS = 0.2356
# its perturbation slopes of the total loss, to 4 decimals, in the order
# w_11^[1], w_21^[1], b_1^[1], b_2^[1], w_11^[2], w_12^[2], b_1^[2]
SEED_NETWORK_SLOPES = (0.3008, 0.3357, 0.2640, -0.1149, -1.0156, 1.3276, -0.6996)
# the largest gap between those slopes (unrounded) and the exact gradient, to 2 digits
SEED_NETWORK_SLOPE_ERROR = 1.7e-06
# the step -0.002 * slope of each parameter, to 6 decimals, and the total loss after taking it
SEED_NETWORK_SHIFTS = (-0.000602, -0.000671, -0.000528, 0.000230, 0.002031, -0.002655, 0.001399)
SEED_NETWORK_LOSS_AFTER_ONE_STEP = 12.010
# the trained network's total and mean log loss, to 3 and 4 decimals
TRAINED_NETWORK_LOSS = 0.347
TRAINED_NETWORK_MEAN_LOSS = 0.0068

# --- The seed's logistic-regression graph of chapters 10 and 11 -------------------------------
# L = LogLoss(y, sigmoid(w1*x1 + w2*x2 + b)) with x1 = 1.5, x2 = 2.5, w1 = -4, w2 = 3, b = -1, y = 1

# the prediction yhat = sigmoid(0.5) and the loss L, to 4 decimals
LOGISTIC_PREDICTION = 0.6225
LOGISTIC_LOSS = 0.4741
# dL/dw1, dL/dw2 and dL/db, to 4 decimals
LOGISTIC_GRADIENTS = {"w1": -0.5663, "w2": -0.9439, "b": -0.3775}
# dL/dx1 and dL/dz, exactly as the Node engine computes them
LOGISTIC_EXACT_GRADIENTS = {"x1": 1.5101626751925818, "z": -0.37754066879814546}
# dL/dw1 counted twice (a second backward() before zero_grad(), or the gradient of 2L)
LOGISTIC_W1_GRADIENT_DOUBLED = -1.1326
