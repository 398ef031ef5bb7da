using BeliefGeometry.Json;

namespace BeliefGeometry.Processes;

/// <summary>
/// The parameters of one catalog spec, each given or defaulted, with the spec they came from: a constraint that
/// fails is refused in one line naming the spec and the parameters it concerns.
/// </summary>
public sealed class ParameterValues
{
    private readonly IReadOnlyDictionary<string, ParameterValue> _values;
    private readonly IReadOnlyList<ProcessParameter> _parameters;
    private readonly IReadOnlySet<string> _given;
    private readonly string _spec;

    /// <param name="parameters">the entry's parameters, in order</param>
    /// <param name="values">a value for each of them</param>
    /// <param name="given">the names the spec set explicitly, whom a failure of the process is blamed on</param>
    /// <param name="spec">the spec as the user wrote it</param>
    internal ParameterValues(IReadOnlyList<ProcessParameter> parameters, IReadOnlyDictionary<string, ParameterValue> values,
        IReadOnlySet<string> given, string spec)
    {
        _parameters = parameters;
        _values = values;
        _given = given;
        _spec = spec;
    }

    public ParameterValue this[string name] => _values[name];

    public double Real(string name) => _values[name].Number;

    public int Integer(string name) => (int)_values[name].Number;

    public double[] Vector(string name) => _values[name].Entries;

    public double[][] Matrix(string name) => _values[name].Rows;

    /// <summary>
    /// A refusal naming parameters and their values, then <paramref name="clause"/>:
    /// <c>process 'mr_name:p=0.8,q=0.4': parameters 'p' = 0.8 and 'q' = 0.4 sum to 1.2; …</c>.
    /// </summary>
    public ProcessException Refuse(string clause, params string[] names) =>
        new($"process '{Abbreviation.Of(_spec)}': {Subject(names)} {clause}");

    /// <summary>
    /// A refusal of the process these values build (no stationary distribution, a negative word probability, …),
    /// blamed on the parameters the spec gave, or on all of them when it gave none:
    /// <c>process 'fanizza:lambda=0.75': with parameter 'lambda' = 0.75, {reason}</c>.
    /// </summary>
    public ProcessException Invalid(string reason)
    {
        var blamed = _parameters.Select(p => p.Name).Where(_given.Contains).ToArray();
        if (blamed.Length == 0) blamed = _parameters.Select(p => p.Name).ToArray();
        if (blamed.Length == 0) return new ProcessException($"process '{Abbreviation.Of(_spec)}': {reason}");
        return new ProcessException($"process '{Abbreviation.Of(_spec)}': with {Subject(blamed)}, {reason}");
    }

    private string Subject(string[] names)
    {
        var named = names.Select(n => $"'{n}' = {Abbreviation.Of(_values[n].ToString())}").ToArray();
        return named.Length == 1
            ? $"parameter {named[0]}"
            : $"parameters {string.Join(", ", named[..^1])} and {named[^1]}";
    }
}
