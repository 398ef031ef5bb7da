namespace BeliefGeometry.Processes;

/// <summary>
/// A process definition that cannot be used: an unknown name or parameter, a value out of range,
/// malformed matrices or a file that does not parse. <see cref="Exception.Message"/> is one line
/// naming the source (spec or file), the field and what is allowed.
/// </summary>
public sealed class ProcessException(string message) : InputException(message);
