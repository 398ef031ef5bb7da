namespace BeliefGeometry;

/// <summary>
/// A request the library cannot serve because of what the user asked for (a bad process, a depth beyond
/// what fits in memory). <see cref="Exception.Message"/> is one line saying what is wrong and what is allowed.
/// </summary>
public class InputException(string message) : Exception(message);
