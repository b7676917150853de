"""Reference and deliberately wrong solutions to the workbooks' tasks, kept apart from them.

`REFERENCE[workbook][cell id]` is code that completes a task cell; `WRONG[workbook][cell id]` is a
plausible mistake, paired with a phrase its self-check's report must contain.
"""

REFERENCE = {
    "01-derivatives-and-gradients": {
        "task-central-difference": '''
def numeric_derivative(f, x, h=1e-5):
    """Estimate f'(x) by a central difference."""
    return (f(x + h) - f(x - h)) / (2 * h)
''',
        "task-numeric-gradient": '''
def numeric_gradient(f, args, h=1e-6):
    """The partial derivatives of f at args, by central differences."""
    gradient = []
    for i in range(len(args)):
        up, down = list(args), list(args)
        up[i] += h
        down[i] -= h
        gradient.append((f(*up) - f(*down)) / (2 * h))
    return gradient
''',
        "task-derivative-by-hand": '''
def df(x):
    """The derivative of f, worked out with the chain rule."""
    return 3 * x**2 + 2 * x * (3 * x + 1 - math.cos(x**2))
''',
    },
    "02-value-engine": {
        "task-backward": '''
class ValueWithBackward(ValueBase):
    def backward(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif node not in seen:
                seen.add(node)
                stack.append((node, True))
                stack.extend((child, False) for child in node._prev)
        self.grad = 1.0
        for node in reversed(order):
            node._backward()
''',
        "task-operators": '''
class ValueWithOperators(ValueWithBackward):
    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __pow__(self, exponent):
        out = type(self)(self.data**exponent, (self,))

        def _backward():
            self.grad += exponent * self.data ** (exponent - 1) * out.grad
        out._backward = _backward
        return out

    def __truediv__(self, other):
        return self * self._lift(other) ** -1
''',
        "task-exp-tanh": '''
class ValueComplete(ValueWithOperators):
    def exp(self):
        out = type(self)(math.exp(self.data), (self,))

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        out = type(self)(math.tanh(self.data), (self,))

        def _backward():
            self.grad += (1 - out.data**2) * out.grad
        out._backward = _backward
        return out
''',
    },
    "03-networks-and-backprop": {
        "task-output-bias": '''
def dL_db_output(network, X, y):
    """dL/db for the output unit's bias, summed over the samples."""
    return float((network.forward(X) - y).sum())
''',
        "task-first-layer-weight": '''
def dL_dw_hidden(network, X, y):
    """dL/dw for weights[0][1, 0], summed over the samples."""
    hidden = 1 / (1 + np.exp(-(network.weights[0] @ X + network.biases[0])))
    a2 = hidden[1]
    w2 = network.weights[1][0, 1]
    return float((X[0] * a2 * (1 - a2) * w2 * (network.forward(X)[0] - y[0])).sum())
''',
        "task-backprop": '''
def backprop(network, X, y):
    """The summed log loss's gradients: (grad_weights, grad_biases)."""
    activations = [X]
    for layer, (W, b) in enumerate(zip(network.weights, network.biases)):
        z = W @ activations[-1] + b
        is_output = layer == len(network.weights) - 1
        if is_output or network.activation == "sigmoid":
            activations.append(1 / (1 + np.exp(-z)))
        else:
            activations.append(np.tanh(z))
    delta = activations[-1] - y
    grad_weights, grad_biases = [], []
    for layer in reversed(range(len(network.weights))):
        grad_weights.insert(0, delta @ activations[layer].T)
        grad_biases.insert(0, delta.sum(axis=1, keepdims=True))
        if layer > 0:
            a = activations[layer]
            slope = a * (1 - a) if network.activation == "sigmoid" else 1 - a**2
            delta = (network.weights[layer].T @ delta) * slope
    return grad_weights, grad_biases
''',
    },
}

WRONG = {
    "01-derivatives-and-gradients": {
        "task-central-difference": ('''
def numeric_derivative(f, x, h=1e-5):
    return (f(x + h) - f(x)) / h
''', "hint: that is a forward difference"),
        "task-numeric-gradient": ('''
def numeric_gradient(f, args, h=1e-6):
    return [(f(*args) - f(*args)) / h for _ in args]
''', "expected [1.0, 1.0], got [0.0, 0.0]"),
        "task-derivative-by-hand": ('''
def df(x):
    return 3 * x**2 + 2 * x * (3 * x + 1) - math.cos(x**2)
''', "first failing case: x = -1.5"),
    },
    "02-value-engine": {
        "task-backward": ('''
class ValueWithBackward(ValueBase):
    def backward(self):
        self.grad = 1.0
        self._backward()
''', "first failing case: a * a + a * b  (a is used three times)"),
        "task-operators": ('''
class ValueWithOperators(ValueWithBackward):
    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __pow__(self, exponent):
        out = type(self)(self.data**exponent, (self,))

        def _backward():
            self.grad += exponent * self.data ** exponent * out.grad
        out._backward = _backward
        return out

    def __truediv__(self, other):
        return self * self._lift(other) ** -1
''', "first failing case: a / b at a = 3.0, b = -2.0"),
        "task-exp-tanh": ('''
class ValueComplete(ValueWithOperators):
    def exp(self):
        out = type(self)(math.exp(self.data), (self,))

        def _backward():
            self.grad = out.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        out = type(self)(math.tanh(self.data), (self,))

        def _backward():
            self.grad += (1 - out.data) * out.grad
        out._backward = _backward
        return out
''', "first failing case: (a * b).tanh() at a = 3.0, b = -2.0"),
    },
    "03-networks-and-backprop": {
        "task-output-bias": ('''
def dL_db_output(network, X, y):
    return float((network.forward(X) - y).mean())
''', "first failing case: the 1-2-1 network of chapter 8 on its 51 points"),
        "task-first-layer-weight": ('''
def dL_dw_hidden(network, X, y):
    hidden = 1 / (1 + np.exp(-(network.weights[0] @ X + network.biases[0])))
    a2 = hidden[1]
    w2 = network.weights[1][0, 1]
    return float((X[0] * w2 * (network.forward(X)[0] - y[0])).sum())
''', "expected"),
        "task-backprop": ('''
def backprop(network, X, y):
    activations = [X]
    for W, b in zip(network.weights, network.biases):
        activations.append(1 / (1 + np.exp(-(W @ activations[-1] + b))))
    delta = activations[-1] - y
    grad_weights, grad_biases = [], []
    for layer in reversed(range(len(network.weights))):
        grad_weights.insert(0, delta @ activations[layer].T)
        grad_biases.insert(0, delta.sum(axis=1, keepdims=True))
        if layer > 0:
            a = activations[layer]
            delta = (network.weights[layer].T @ delta) * a * (1 - a)
    return grad_weights, grad_biases
''', "first failing case: a random [2, 4, 3, 1] tanh network on two moons"),
    },
}
