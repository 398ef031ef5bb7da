using BeliefGeometry.Data;
using BeliefGeometry.Geometry.Factored;
using BeliefGeometry.Processes;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace BeliefGeometry.Tests.Geometry.Factored;

/// <summary>
/// Activations made by hand for a product of two factors: x = Σ_k s·η_k T_k B_kᵀ + o_L + noise, where η_k is factor k's
/// own belief after its coordinate of the prefix (from the <see cref="PrefixSet"/> of factor k alone, not from the joint
/// belief), T_k an orthonormal basis of the simplex's directions (n_k × (n_k − 1), columns ⊥ 1), B_k the true subspace
/// (width × (n_k − 1), orthonormal columns), o_L a random offset per prefix length (a position code) and the noise
/// Gaussian, independent per entry.
/// </summary>
internal sealed class SyntheticFactoredActivations
{
    public const int Width = 64;

    public SyntheticFactoredActivations(string spec, int nCtx, Func<Matrix<double>, Matrix<double>[]> subspaces, double noise, int seed = 11)
    {
        var process = ProcessCatalog.Resolve(spec);
        Prefixes = PrefixSet.Enumerate(process, new SequenceLayout(nCtx, process.TokenCount));
        var factors = process.Factors!;
        var random = new Random(seed);
        var rotation = Matrix<double>.Build.Random(Width, Width, new Normal(0, 1, random)).QR().Q;
        Truth = subspaces(rotation);
        var own = factors.Select(f => OwnBeliefs(f, nCtx)).ToArray();
        var embeddings = factors.Select((f, k) => SimplexDirections(f.StateCount) * Truth[k].Transpose() * Scale).ToArray();
        var offsets = Matrix<double>.Build.Random(nCtx + 1, Width, new Normal(0, 1, random));
        var gaussian = new Normal(0, noise, random);

        Activations = new float[Prefixes.Count * Width];
        var tokens = new int[factors.Count];
        for (int i = 0; i < Prefixes.Count; i++)
        {
            var row = offsets.Row(Prefixes.Length(i)).Clone();
            var sequences = factors.Select(_ => new List<int>()).ToArray();
            foreach (int x in Prefixes.Prefix(i))
            {
                int rest = x;
                for (int k = factors.Count - 1; k >= 0; k--) { tokens[k] = rest % factors[k].TokenCount; rest /= factors[k].TokenCount; }
                for (int k = 0; k < factors.Count; k++) sequences[k].Add(tokens[k]);
            }
            for (int k = 0; k < factors.Count; k++)
                row += embeddings[k].LeftMultiply(Vector<double>.Build.DenseOfArray(own[k][string.Join(",", sequences[k])]));
            for (int j = 0; j < Width; j++) Activations[i * Width + j] = (float)(row[j] + gaussian.Sample());
        }
    }

    /// <summary>The belief's scale in the activations (its variance is small beside the offsets' otherwise).</summary>
    public const double Scale = 10;

    public PrefixSet Prefixes { get; }

    public float[] Activations { get; }

    /// <summary>B_k, the subspace each factor was written into.</summary>
    public Matrix<double>[] Truth { get; }

    /// <summary>B_k as a <see cref="Subspace"/>.</summary>
    public Subspace TrueSubspace(int k) =>
        new(Width, Truth[k].Transpose().ToRowMajorArray(), Enumerable.Repeat(1.0, Truth[k].ColumnCount).ToArray());

    /// <summary>Factor k's belief after each of its own words, by the word's tokens.</summary>
    private static Dictionary<string, double[]> OwnBeliefs(HiddenMarkovProcess factor, int nCtx)
    {
        var prefixes = PrefixSet.Enumerate(factor, new SequenceLayout(nCtx, factor.TokenCount));
        return Enumerable.Range(0, prefixes.Count).ToDictionary(i => string.Join(",", prefixes.Prefix(i).ToArray()), i => prefixes.Belief(i).ToArray());
    }

    /// <summary>An orthonormal basis of the vectors ⊥ 1 in ℝⁿ (n × (n − 1)).</summary>
    private static Matrix<double> SimplexDirections(int n)
    {
        var centring = Matrix<double>.Build.DenseIdentity(n) - Matrix<double>.Build.Dense(n, n, 1.0 / n);
        return centring.Svd(computeVectors: true).U.SubMatrix(0, n, 0, n - 1);
    }
}
