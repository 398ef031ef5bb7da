using BeliefGeometry.Data;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Geometry.Simplices;

/// <summary>
/// Activations whose answer is known, to validate the simplex search (docs/design.md section 2.8): several factors'
/// beliefs, each drawn independently, each placed isometrically (then scaled) into its own random subspace of a
/// <see cref="Width"/>-wide space (the subspaces mutually orthogonal), plus distractor directions (Gaussian coordinates
/// of the factors' scale) and isotropic Gaussian noise. A factor is either a process's exact beliefs at one prefix
/// length, drawn in proportion to P(prefix) (<see cref="FromProcesses"/>), or a simplex of known vertices filled by
/// Dirichlet(1) barycentric coordinates (<see cref="FromSimplices"/>), whose embedded vertices are the truth.
/// </summary>
public sealed record SyntheticEmbedding(float[] Rows, int Width, IReadOnlyList<FactorBeliefs> Factors, IReadOnlyList<double[]> Vertices)
{
    public int Count => Rows.Length / Width;

    /// <summary>
    /// <paramref name="rows"/> rows of the processes' beliefs after <paramref name="length"/> tokens (each factor scaled
    /// to unit RMS spread), in a space of <paramref name="width"/>, with <paramref name="distractors"/> Gaussian directions
    /// of unit sd and noise of sd <paramref name="noise"/> per coordinate.
    /// </summary>
    public static SyntheticEmbedding FromProcesses(IReadOnlyList<string> processes, int length, int rows, int width, int distractors, double noise, ulong seed)
    {
        var rng = new Xoshiro256StarStar(seed);
        var factors = new List<FactorBeliefs>();
        foreach (var spec in processes)
        {
            var process = ProcessCatalog.Resolve(spec);
            var prefixes = PrefixSet.Enumerate(process, new SequenceLayout(length, process.TokenCount));
            int start = prefixes.LevelStart(length), count = prefixes.LevelCount(length), q = prefixes.StateCount;
            var sampler = new WeightedSampler(prefixes.Probabilities.Slice(start, count), rng.NextUInt64());
            var values = new double[rows * q];
            for (int i = 0; i < rows; i++) prefixes.Belief(start + sampler.Next()).CopyTo(values.AsSpan(i * q, q));
            factors.Add(new FactorBeliefs(spec, values, q));
        }
        return Embed(factors, [], width, distractors, noise, ref rng);
    }

    /// <summary>
    /// Simplices of <paramref name="vertexCounts"/> vertices each (vertices drawn at random, then scaled to unit RMS spread
    /// of the filled simplex), filled uniformly (Dirichlet(1)); <see cref="Vertices"/> holds each factor's vertices in the
    /// embedding space (k × width, row-major, without noise).
    /// </summary>
    public static SyntheticEmbedding FromSimplices(IReadOnlyList<int> vertexCounts, int rows, int width, int distractors, double noise, ulong seed)
    {
        var rng = new Xoshiro256StarStar(seed);
        var factors = new List<FactorBeliefs>();
        foreach (int k in vertexCounts)
        {
            var values = new double[rows * k];
            for (int i = 0; i < rows; i++)
            {
                double sum = 0;
                for (int v = 0; v < k; v++) sum += values[i * k + v] = -Math.Log(1 - rng.NextDouble()); // Exp(1) → Dirichlet(1)
                for (int v = 0; v < k; v++) values[i * k + v] /= sum;
            }
            factors.Add(new FactorBeliefs($"simplex {factors.Count} ({k} vertices)", values, k));
        }
        var identity = vertexCounts.Select(k => Enumerable.Range(0, k * k).Select(t => t / k == t % k ? 1.0 : 0).ToArray()).ToList();
        return Embed(factors, identity, width, distractors, noise, ref rng);
    }

    /// <summary>
    /// x = Σ_f (η_f − η̄_f)·M_f + distractors + noise, with M_f = s_f·Q_f: Q_f orthonormal rows of a random subspace of its
    /// own (an isometry, so each factor's belief geometry keeps its shape; a random non-orthogonal map could flatten a
    /// triangle below the noise) and s_f making the factor's RMS spread 1. The corners of
    /// <paramref name="corners"/> (per factor, k × q_f) are embedded the same way.
    /// </summary>
    private static SyntheticEmbedding Embed(List<FactorBeliefs> factors, IReadOnlyList<double[]> corners, int width, int distractors, double noise,
        ref Xoshiro256StarStar rng)
    {
        int dims = factors.Sum(f => f.Columns) + distractors;
        if (dims > width) throw new ArgumentException($"{dims} directions do not fit in width {width}", nameof(width));
        int rows = factors[0].Values.Length / factors[0].Columns;
        var basis = Gaussian.OrthonormalRows(dims, width, ref rng);
        var x = new double[(long)rows * width > int.MaxValue ? throw new ArgumentException("too many values", nameof(width)) : rows * width];
        var vertices = new List<double[]>();
        int offset = 0;
        for (int f = 0; f < factors.Count; f++)
        {
            var (values, q) = (factors[f].Values, factors[f].Columns);
            var map = basis.AsSpan(offset * width, q * width).ToArray(); // Q_f: the belief's coordinates along q orthonormal directions
            offset += q;
            var mean = new double[q];
            for (int i = 0; i < rows; i++)
                for (int a = 0; a < q; a++) mean[a] += values[i * q + a] / rows;
            var embedded = new double[rows * width];
            for (int i = 0; i < rows; i++)
                for (int a = 0; a < q; a++)
                {
                    double c = values[i * q + a] - mean[a];
                    if (c == 0) continue;
                    for (int j = 0; j < width; j++) embedded[i * width + j] += c * map[a * width + j];
                }
            double spread = Math.Sqrt(embedded.Sum(v => v * v) / rows);
            double scale = spread > 0 ? 1 / spread : 1;
            for (int t = 0; t < x.Length; t++) x[t] += scale * embedded[t];
            if (f < corners.Count)
            {
                int k = corners[f].Length / q;
                var v = new double[k * width];
                for (int c = 0; c < k; c++)
                    for (int a = 0; a < q; a++)
                        for (int j = 0; j < width; j++) v[c * width + j] += scale * (corners[f][c * q + a] - mean[a]) * map[a * width + j];
                vertices.Add(v);
            }
        }
        for (int d = 0; d < distractors; d++)
        {
            var direction = basis.AsSpan((offset + d) * width, width);
            for (int i = 0; i < rows; i++)
            {
                double g = Gaussian.Next(ref rng);
                for (int j = 0; j < width; j++) x[i * width + j] += g * direction[j];
            }
        }
        var result = new float[x.Length];
        for (int t = 0; t < x.Length; t++) result[t] = (float)(x[t] + noise * Gaussian.Next(ref rng));
        return new SyntheticEmbedding(result, width, factors, vertices);
    }
}
