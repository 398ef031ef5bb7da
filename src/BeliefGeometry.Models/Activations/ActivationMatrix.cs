namespace BeliefGeometry.Models.Activations;

/// <summary>One hook point's activations: a row per prefix (PrefixSet order), <see cref="Width"/> float32 values each, row-major.</summary>
public sealed class ActivationMatrix
{
    public ActivationMatrix(string hook, int rows, int width, float[] data)
    {
        ArgumentNullException.ThrowIfNull(hook);
        ArgumentNullException.ThrowIfNull(data);
        if (data.LongLength != (long)rows * width)
            throw new ArgumentException($"{hook}: {data.LongLength} values are not {rows} rows of {width}", nameof(data));
        Hook = hook;
        Rows = rows;
        Width = width;
        Data = data;
    }

    /// <summary>The TransformerLens hook name, e.g. <c>blocks.0.hook_resid_pre</c>.</summary>
    public string Hook { get; }

    public int Rows { get; }

    /// <summary>Values per row: d_model for the residual stream; n_heads·d_head (head-major) for q, k, v, z.</summary>
    public int Width { get; }

    /// <summary>Rows × Width values, row-major.</summary>
    public float[] Data { get; }

    /// <summary>The activation of prefix <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Row(int row) => Data.AsSpan(row * Width, Width);
}
