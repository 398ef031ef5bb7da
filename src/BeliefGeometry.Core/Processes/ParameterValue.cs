using System.Globalization;

namespace BeliefGeometry.Processes;

/// <summary>What a catalog parameter holds.</summary>
public enum ParameterKind
{
    /// <summary>A real number, e.g. <c>x=0.05</c>.</summary>
    Real,

    /// <summary>A whole number, e.g. <c>n=3</c>.</summary>
    Integer,

    /// <summary>A list of numbers in brackets, e.g. <c>open_probs=[1,0.5,0.5]</c>.</summary>
    Vector,

    /// <summary>A list of equally long rows, e.g. <c>probs=[[0.5,0.5],[0.5,0.5]]</c>.</summary>
    Matrix,
}

/// <summary>
/// The value of a catalog parameter: a number (one row of one entry), a vector (one row) or a matrix (its rows).
/// <see cref="ToString"/> writes it as a spec does, in a form <see cref="ProcessParameter.TryParse"/> reads back exactly.
/// </summary>
public sealed class ParameterValue
{
    /// <summary>Most entries a vector or matrix parameter may have: enough for any process of the field, small enough to build.</summary>
    public const int MaxEntries = 100;

    private readonly double[][] _rows;

    public ParameterKind Kind { get; }

    private ParameterValue(ParameterKind kind, double[][] rows)
    {
        Kind = kind;
        _rows = rows;
    }

    public static ParameterValue Real(double value) => new(ParameterKind.Real, [[value]]);

    public static ParameterValue Integer(int value) => new(ParameterKind.Integer, [[value]]);

    public static ParameterValue Vector(IEnumerable<double> entries) => new(ParameterKind.Vector, [entries.ToArray()]);

    public static ParameterValue Matrix(IEnumerable<IEnumerable<double>> rows) =>
        new(ParameterKind.Matrix, rows.Select(r => r.ToArray()).ToArray());

    /// <summary>The number of a real or integer parameter.</summary>
    public double Number => _rows[0][0];

    /// <summary>The entries of a vector parameter (a copy).</summary>
    public double[] Entries => _rows[0].ToArray();

    /// <summary>The rows of a matrix parameter (a copy).</summary>
    public double[][] Rows => _rows.Select(r => r.ToArray()).ToArray();

    /// <summary>Every entry, row by row.</summary>
    internal IEnumerable<double> All => _rows.SelectMany(r => r);

    public override string ToString() => Kind switch
    {
        ParameterKind.Real or ParameterKind.Integer => Format(Number),
        ParameterKind.Vector => List(_rows[0]),
        _ => "[" + string.Join(",", _rows.Select(List)) + "]",
    };

    private static string List(double[] entries) => "[" + string.Join(",", entries.Select(Format)) + "]";

    /// <summary>The shortest text that parses back to the same double.</summary>
    internal static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
