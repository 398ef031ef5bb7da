namespace BeliefGeometry.Models.Experiments;

/// <summary>
/// An experiment file (or a <c>--set</c> override) the library cannot accept. The message is one line naming
/// the file, the override if one is to blame, the field path and what is allowed, e.g.
/// <c>experiment 'x.json': field 'training.lr' is -0.001; allowed: a number &gt; 0</c>.
/// </summary>
public sealed class ExperimentException(string message) : InputException(message);
