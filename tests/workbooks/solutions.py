"""Reference and deliberately wrong solutions to the workbooks' tasks, kept apart from them.

`REFERENCE[workbook][cell id]` is code that completes a task cell; `WRONG[workbook][cell id]`
lists plausible mistakes, each paired with a phrase its self-check's report must contain;
`ALSO_RIGHT` holds correct solutions in other styles, which must pass.
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
    return (3 * math.cos(3 * x) - math.sin(3 * x)) * math.exp(-x)
''',
        "task-quotient-rule": '''
def dg(x):
    """The derivative of g, by the quotient rule."""
    return (1 - x**2) / (1 + x**2) ** 2
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
                stack.extend((operand, False) for operand in node._operands)
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
        "task-sin-log": '''
class ValueExtended(ValueComplete):
    def sin(self):
        out = type(self)(math.sin(self.data), (self,))

        def _backward():
            self.grad += math.cos(self.data) * out.grad
        out._backward = _backward
        return out

    def log(self):
        out = type(self)(math.log(self.data), (self,))

        def _backward():
            self.grad += out.grad / self.data
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
        "task-squared-error": '''
def backprop_squared_error(network, X, y):
    """Gradients of 1/2 * sum((A - y)**2) for tanh hidden layers and a sigmoid output."""
    activations = [X]
    for layer, (W, b) in enumerate(zip(network.weights, network.biases)):
        z = W @ activations[-1] + b
        last = layer == len(network.weights) - 1
        activations.append(1 / (1 + np.exp(-z)) if last else np.tanh(z))
    out = activations[-1]
    delta = (out - y) * out * (1 - out)
    grad_weights, grad_biases = [], []
    for layer in reversed(range(len(network.weights))):
        grad_weights.insert(0, delta @ activations[layer].T)
        grad_biases.insert(0, delta.sum(axis=1, keepdims=True))
        if layer > 0:
            delta = (network.weights[layer].T @ delta) * (1 - activations[layer] ** 2)
    return grad_weights, grad_biases
''',
    },
}


def _swap(workbook: str, task: str, *edits: tuple[str, str]) -> str:
    """The reference solution with some text replaced: a mistake, shown as a small edit."""
    code = REFERENCE[workbook][task]
    for old, new in edits:
        assert old in code, f"{old!r} is not in the reference solution of {task}"
        code = code.replace(old, new)
    return code


WB1, WB2, WB3 = "01-derivatives-and-gradients", "02-value-engine", "03-networks-and-backprop"

_BACKWARD_HEAD = '''
class ValueWithBackward(ValueBase):
    def backward(self):
'''

# WRONG[workbook][task]: [(code, a phrase its check's report must contain)], one per mistake.
WRONG = {
    WB1: {
        "task-central-difference": [
            (_swap(WB1, "task-central-difference",
                   ("(f(x + h) - f(x - h)) / (2 * h)", "(f(x + h) - f(x)) / h")),
             "hint: that is a forward difference"),
            (_swap(WB1, "task-central-difference",
                   ("(f(x + h) - f(x - h)) / (2 * h)", "(f(x) - f(x - h)) / h")),
             "hint: that is a backward difference"),
            (_swap(WB1, "task-central-difference",
                   ("(f(x + h) - f(x - h)) / (2 * h)", "(f(x + h) - f(x - h)) / h")),
             "divide by 2h, not h"),
            (_swap(WB1, "task-central-difference", ("return ", "print(") , ("(2 * h)", "(2 * h))")),
             "did your function `return` its result?"),
        ],
        "task-numeric-gradient": [
            ('''
def numeric_gradient(f, args, h=1e-6):
    return [(f(*args) - f(*args)) / h for _ in args]
''', "the two values of f you subtract are taken at the same point"),
            ('''
def numeric_gradient(f, args, h=1e-6):
    up = [a + h for a in args]
    down = [a - h for a in args]
    return [(f(*up) - f(*down)) / (2 * h) for _ in args]
''', "Nudge one argument at a time"),
            (_swap(WB1, "task-numeric-gradient", ("down[i] -= h", "pass"),
                   ("(f(*up) - f(*down)) / (2 * h)", "(f(*up) - f(*down)) / h")),
             "those are forward differences"),
            (_swap(WB1, "task-numeric-gradient", ("for i in range(len(args)):", "for i in [0]:")),
             "expected 2 numbers (one per argument), got 1"),
        ],
        "task-derivative-by-hand": [
            (_swap(WB1, "task-derivative-by-hand", ("3 * math.cos", "math.cos")),
             "the inner derivative 3 of sin(3x) is missing"),
            (_swap(WB1, "task-derivative-by-hand", ("- math.sin(3 * x)", "+ math.sin(3 * x)")),
             "the inner derivative -1 of exp(-x) is missing"),
            (_swap(WB1, "task-derivative-by-hand",
                   ("(3 * math.cos(3 * x) - math.sin(3 * x)) * math.exp(-x)",
                    "3 * math.cos(3 * x) * -math.exp(-x)")),
             "that is the product of the two derivatives"),
            (_swap(WB1, "task-derivative-by-hand", (" - math.sin(3 * x)", "")),
             "only the first term of the product rule"),
        ],
        "task-quotient-rule": [
            (_swap(WB1, "task-quotient-rule", ("(1 - x**2)", "(x**2 - 1)")),
             "yours has the opposite sign"),
            (_swap(WB1, "task-quotient-rule", ("(1 + x**2) ** 2", "(1 + x**2)")),
             "the quotient rule divides by v squared"),
            (_swap(WB1, "task-quotient-rule", ("(1 - x**2) / (1 + x**2) ** 2", "1 / (2 * x)")),
             "u'/v' is not the derivative of u/v"),
        ],
    },
    WB2: {
        "task-backward": [
            (_BACKWARD_HEAD + '''
        self.grad = 1.0
        self._backward()
''', "c's _backward never ran"),
            (_swap(WB2, "task-backward", ("        self.grad = 1.0\n", "")),
             "out.grad is 0.0 after backward()"),
            (_swap(WB2, "task-backward", ("        self.grad = 1.0\n", ""),
                   ("            node._backward()\n",
                    "            node._backward()\n        self.grad = 1.0\n")),
             "set the seed self.grad = 1.0 before the backward pass starts"),
            (_swap(WB2, "task-backward", ("reversed(order)", "order")),
             "the topological order is not reversed"),
            # The false pass of issue 13: recursion over _operands with no order and no visited set.
            (_BACKWARD_HEAD + '''
        self.grad = 1.0

        def visit(node):
            node._backward()
            for operand in node._operands:
                visit(operand)
        visit(self)
''', "c's _backward ran 2 times"),
            (_BACKWARD_HEAD + '''
        order = []

        def build(node):
            for operand in node._operands:
                build(operand)
            order.append(node)
        build(self)
        self.grad = 1.0
        for node in reversed(order):
            node._backward()
''', "keep a set of the nodes already ordered"),
            (_BACKWARD_HEAD + '''
        from collections import deque
        self.grad = 1.0
        queue, seen = deque([self]), {self}
        while queue:
            node = queue.popleft()
            node._backward()
            for operand in node._operands:
                if operand not in seen:
                    seen.add(operand)
                    queue.append(operand)
''', "c's _backward ran before that of d, which uses c"),
            (_BACKWARD_HEAD + '''
        order, seen = [], set()

        def visit(node):  # pre-order: a node before the nodes it was computed from
            if node not in seen:
                seen.add(node)
                order.append(node)
                for operand in node._operands:
                    visit(operand)
        visit(self)
        self.grad = 1.0
        for node in order:
            node._backward()
''', "Order the nodes topologically"),
        ],
        "task-operators": [
            (_swap(WB2, "task-operators", ("exponent * self.data ** (exponent - 1)",
                                           "exponent * self.data ** exponent")),
             "the -1 in the exponent is missing"),
            (_swap(WB2, "task-operators", ("exponent * self.data ** (exponent - 1)",
                                           "self.data ** (exponent - 1)")),
             "the factor n is missing"),
            (_swap(WB2, "task-operators", ("self.grad += exponent", "self.grad = exponent")),
             "pow's _backward assigns (=) where it must add (+=)"),
            (_swap(WB2, "task-operators", ("return self * -1", '''\
out = type(self)(-self.data, (self,))

        def _backward():
            self.grad += out.grad
        out._backward = _backward
        return out''')), "d(-a)/da is -1, not 1"),
            (_swap(WB2, "task-operators", ("return self + (-other)", '''\
other = self._lift(other)
        out = type(self)(self.data - other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out''')), "d(a - b)/db is -1"),
            (_swap(WB2, "task-operators", ("return self * self._lift(other) ** -1", '''\
other = self._lift(other)
        out = type(self)(self.data / other.data, (self, other))

        def _backward():
            self.grad += out.grad / other.data
            other.grad += self.data / other.data**2 * out.grad
        out._backward = _backward
        return out''')), "d(a/b)/db is -a/b**2: the minus sign is missing"),
        ],
        "task-exp-tanh": [
            (_swap(WB2, "task-exp-tanh", ("self.grad += out.data * out.grad",
                                          "self.grad = out.data * out.grad")),
             "exp's _backward assigns (=) where it must add (+=)"),
            (_swap(WB2, "task-exp-tanh", ("self.grad += out.data * out.grad",
                                          "self.grad += self.data * out.grad")),
             "d(e**a)/da is e**a, the output (out.data), not a"),
            (_swap(WB2, "task-exp-tanh", ("(1 - out.data**2)", "(1 - out.data)")),
             "the square is missing"),
            (_swap(WB2, "task-exp-tanh", ("(1 - out.data**2)", "(1 - self.data**2)")),
             "1 - a**2 uses the input instead"),
        ],
        "task-sin-log": [
            (_swap(WB2, "task-sin-log", ("math.cos(self.data) * out.grad",
                                         "-math.cos(self.data) * out.grad")),
             "d sin(a)/da is cos(a), with a plus sign"),
            (_swap(WB2, "task-sin-log", ("out.grad / self.data", "out.grad / out.data")),
             "d ln(a)/da is 1/a, the input (self.data), not 1/out.data"),
            (_swap(WB2, "task-sin-log", ("self.grad += out.grad / self.data",
                                         "self.grad = out.grad / self.data")),
             "log's _backward assigns (=) where it must add (+=)"),
        ],
    },
    WB3: {
        "task-output-bias": [
            (_swap(WB3, "task-output-bias", (".sum()", ".mean()")),
             "got is expected / 51, and there are 51 samples: that is the gradient of the mean"),
            (_swap(WB3, "task-output-bias", ("(network.forward(X) - y)", "network.forward(X)")),
             "the output's delta dL/dz = a - y is missing its - y"),
        ],
        "task-first-layer-weight": [
            (_swap(WB3, "task-first-layer-weight", ("X[0] * a2 * (1 - a2) * w2", "X[0] * w2")),
             "leaves out the hidden unit's slope a * (1 - a)"),
            (_swap(WB3, "task-first-layer-weight", (".sum())", ".mean())")),
             "that is the gradient of the mean loss"),
        ],
        "task-backprop": [
            (_swap(WB3, "task-backprop", ('if is_output or network.activation == "sigmoid":',
                                          "if True:")),
             "that is backprop with sigmoid hidden layers in the forward pass"),
            (_swap(WB3, "task-backprop", ('slope = a * (1 - a) if network.activation == "sigmoid"'
                                          ' else 1 - a**2', "slope = a * (1 - a)")),
             "with the sigmoid slope in this tanh network's hidden layers"),
            (_swap(WB3, "task-backprop", (" * slope", "")),
             "without the hidden layers' activation derivative"),
            (_swap(WB3, "task-backprop", ("delta @ activations[layer].T",
                                          "activations[layer] @ delta.T")),
             "grad_weights[0] has shape (1, 2), expected (2, 1)"),
            (_swap(WB3, "task-backprop", ("delta = activations[-1] - y",
                                          "delta = (activations[-1] - y) / y.shape[1]")),
             "got is expected / 51"),
            (_swap(WB3, "task-backprop", ("delta.sum(axis=1, keepdims=True)", "delta.sum(axis=1)")),
             "grad_biases[0] has shape (2,), expected (2, 1)"),
            (_swap(WB3, "task-backprop", ("delta = activations[-1] - y",
                                          "delta = y - activations[-1]")),
             "the output's delta is A - y, not y - A"),
            (_swap(WB3, "task-backprop", ("delta = activations[-1] - y",
                                          "delta = activations[-1]")),
             "the output's delta dL/dz = a - y is missing its - y"),
        ],
        "task-squared-error": [
            (_swap(WB3, "task-squared-error", ("delta = (out - y) * out * (1 - out)",
                                               "delta = out - y")),
             "that is the log loss's output delta"),
            (_swap(WB3, "task-squared-error", ("(1 - activations[layer] ** 2)",
                                               "activations[layer] * (1 - activations[layer])")),
             "with the sigmoid's slope a * (1 - a) in the tanh hidden layer"),
            (_swap(WB3, "task-squared-error", ("delta = (out - y) * out * (1 - out)",
                                               "delta = (out - y) * out * (1 - out) / y.shape[1]")),
             "got is expected / 51"),
            (_swap(WB3, "task-squared-error", (" * (1 - activations[layer] ** 2)", "")),
             "without the hidden layers' activation derivative"),
        ],
    },
}

# Other correct solutions, in other styles: each must pass its check.
ALSO_RIGHT = {
    WB1: {
        "task-central-difference": ['''
def numeric_derivative(f, x, h=1e-5):
    forward, backward = f(x + h) - f(x), f(x) - f(x - h)
    return (forward + backward) / (2 * h)
'''],
    },
    WB2: {
        "task-backward": [
            # recursive, with a visited set
            _BACKWARD_HEAD + '''
        order, visited = [], set()

        def build(node):
            if node not in visited:
                visited.add(node)
                for operand in node._operands:
                    build(operand)
                order.append(node)
        build(self)
        self.grad = 1.0
        for node in reversed(order):
            node._backward()
''',
            # Kahn's algorithm: a node is ready once every node that uses it is done
            _BACKWARD_HEAD + '''
        users, stack, seen = {}, [self], {self}
        while stack:
            node = stack.pop()
            for operand in node._operands:
                users[operand] = users.get(operand, 0) + 1
                if operand not in seen:
                    seen.add(operand)
                    stack.append(operand)
        self.grad = 1.0
        ready = [self]
        while ready:
            node = ready.pop()
            node._backward()
            for operand in node._operands:
                users[operand] -= 1
                if users[operand] == 0:
                    ready.append(operand)
''',
        ],
        "task-operators": [
            # every operation as a node of its own
            '''
class ValueWithOperators(ValueWithBackward):
    def __neg__(self):
        out = type(self)(-self.data, (self,))

        def _backward():
            self.grad -= out.grad
        out._backward = _backward
        return out

    def __sub__(self, other):
        other = self._lift(other)
        out = type(self)(self.data - other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad -= out.grad
        out._backward = _backward
        return out

    def __pow__(self, exponent):
        out = type(self)(self.data**exponent, (self,))

        def _backward():
            self.grad += exponent * self.data ** (exponent - 1) * out.grad
        out._backward = _backward
        return out

    def __truediv__(self, other):
        other = self._lift(other)
        out = type(self)(self.data / other.data, (self, other))

        def _backward():
            self.grad += out.grad / other.data
            other.grad -= self.data / other.data**2 * out.grad
        out._backward = _backward
        return out
''',
        ],
    },
    WB3: {
        "task-backprop": [
            # the deltas kept in a list, the gradients computed afterwards
            '''
def backprop(network, X, y):
    activations = [X]
    n_layers = len(network.weights)
    for layer in range(n_layers):
        z = network.weights[layer] @ activations[-1] + network.biases[layer]
        hidden = layer < n_layers - 1
        activations.append(np.tanh(z) if hidden and network.activation == "tanh"
                           else 1 / (1 + np.exp(-z)))
    deltas = [activations[-1] - y]
    for layer in range(n_layers - 1, 0, -1):
        a = activations[layer]
        slope = 1 - a**2 if network.activation == "tanh" else a * (1 - a)
        deltas.insert(0, (network.weights[layer].T @ deltas[0]) * slope)
    return ([d @ a.T for d, a in zip(deltas, activations)],
            [d.sum(axis=1, keepdims=True) for d in deltas])
''',
        ],
    },
}
