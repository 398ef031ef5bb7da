using BeliefGeometry.Geometry.Simplices;

namespace BeliefGeometry.Tests.Geometry.Simplices;

/// <summary>
/// <see cref="ComponentGroups.Find"/> on columns whose dependence is known by construction: pairs that are dependent but
/// uncorrelated, independent Gaussian columns, and the binned mutual information against a direct count.
/// </summary>
public class ComponentGroupsTests
{
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>
    /// Seven columns, interleaved: Gaussian g₀, u, the triangle's x, g₁, u² + noise, the triangle's y, g₂. (u, u² + e)
    /// are uncorrelated (E[u³] = 0) but dependent; (x, y), a point drawn uniformly in a triangle, are dependent (the
    /// triangle bounds them jointly). The pairs are independent of each other and of the g's.
    /// </summary>
    private static double[] Columns(int rows, int seed, double triangleScale = 1)
    {
        var random = new Random(seed);
        const int D = 7;
        var x = new double[rows * D];
        for (int i = 0; i < rows; i++)
        {
            double u = Normal(random);
            // Uniform in the triangle (0, 0), (1, 0), (0, 1), centred on the origin: fold the unit square.
            double a = random.NextDouble(), b = random.NextDouble();
            if (a + b > 1) (a, b) = (1 - a, 1 - b);
            x[i * D + 0] = Normal(random);
            x[i * D + 1] = u;
            x[i * D + 2] = triangleScale * (a - 1 / 3.0);
            x[i * D + 3] = 3 * Normal(random);
            x[i * D + 4] = u * u - 1 + 0.3 * Normal(random);
            x[i * D + 5] = triangleScale * (b - 1 / 3.0);
            x[i * D + 6] = 0.1 * Normal(random);
        }
        return x;
    }

    [Theory]
    [InlineData(4000, 1ul)]
    [InlineData(4000, 2ul)]
    [InlineData(10000, 3ul)]
    public void GroupsAreTheDependentPairsAndTheIndependentColumnsAlone(int rows, ulong seed)
    {
        var (groups, information) = ComponentGroups.Find(Columns(rows, (int)seed), 7, 0.02, seed);
        Assert.Equal([[0], [1, 4], [2, 5], [3], [6]], groups);
        Assert.Equal(49, information.Length);
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 7; j++) Assert.Equal(information[i * 7 + j], information[j * 7 + i]);
    }

    [Fact]
    public void TheScaleOfAColumnDoesNotMatter()
    {
        // Equal-count bins see only ranks: scaling the triangle by 10⁻⁶ changes nothing.
        var (groups, information) = ComponentGroups.Find(Columns(4000, 9), 7, 0.02, 9);
        var (scaledGroups, scaledInformation) = ComponentGroups.Find(Columns(4000, 9, 1e-6), 7, 0.02, 9);
        Assert.Equal(groups, scaledGroups);
        Assert.Equal(information, scaledInformation, new TestSupport.Within(1e-12));
    }

    [Fact]
    public void IndependentColumnsFormNoGroup()
    {
        var random = new Random(11);
        const int Rows = 5000, D = 6;
        var x = Enumerable.Range(0, Rows * D).Select(t => (t % D + 1) * Normal(random)).ToArray();
        var (groups, _) = ComponentGroups.Find(x, D, 0.02, 11);
        Assert.Equal(Enumerable.Range(0, D).Select(j => new[] { j }), groups);
    }

    [Fact]
    public void MutualInformationIsTheBinnedPlugInEstimate()
    {
        // Column 1 = column 0 exactly: 8 equal-count bins, the joint diagonal, I = ln 8 nats, less the Miller–Madow bias (B − 1)²/2n.
        var random = new Random(12);
        const int Rows = 800;
        var x = new double[Rows * 3];
        for (int i = 0; i < Rows; i++)
        {
            double u = Normal(random);
            x[i * 3] = u;
            x[i * 3 + 1] = Math.Exp(u); // monotone: the same ranks
            x[i * 3 + 2] = Normal(random);
        }
        var (groups, information) = ComponentGroups.Find(x, 3, 0.02, 12);
        Assert.Equal(Math.Log(8) - 49.0 / (2 * Rows), information[0 * 3 + 1], 12);
        Assert.Equal([[0, 1], [2]], groups);
        // Against an independent column: the plug-in estimate's bias (B − 1)²/(2n) ≈ 0.03 is removed, leaving noise far below ln 8.
        Assert.InRange(information[0 * 3 + 2], 0, 0.07);
    }

    [Fact]
    public void AChainOfTwoStrongPairsAndAWeakLinkIsCut()
    {
        // (a, b) and (c, d) are strongly dependent pairs (b = a + small noise, d = c + small noise); b and c share a weak
        // dependence (c has a little of b in it), below a quarter of either pair's own: two groups, not one chain.
        var random = new Random(13);
        const int Rows = 8000;
        var x = new double[Rows * 4];
        for (int i = 0; i < Rows; i++)
        {
            double a = Normal(random), b = a + 0.1 * Normal(random);
            double c = Normal(random) + 0.4 * b, d = c + 0.1 * Normal(random);
            x[i * 4] = a;
            x[i * 4 + 1] = b;
            x[i * 4 + 2] = c;
            x[i * 4 + 3] = d;
        }
        var (groups, information) = ComponentGroups.Find(x, 4, 0.02, 13);
        Assert.True(information[1 * 4 + 2] > 0.02, $"the weak link should be above the floor: {information[1 * 4 + 2]}");
        Assert.True(information[1 * 4 + 2] < ComponentGroups.RelativeStrength * information[0 * 4 + 1]);
        Assert.Equal([[0, 1], [2, 3]], groups);
    }

    /// <summary>
    /// SimplexSearch passes <see cref="ComponentGroups.Find"/> rows drawn with replacement (3,000 from the training rows,
    /// in proportion to their weights). Independent columns stay independent under such a draw, yet a repeated row puts
    /// the same (a, b) pair in the joint table twice while a permuted column breaks those pairs, so the observed
    /// information exceeds every permutation's and only the 0.02 nats floor is left between noise and an edge. Expected:
    /// eight singletons. (3,000 draws from 2,000 rows, as with 4,000 rows split in half; fresh rows give no group.)
    /// </summary>
    [Theory]
    [InlineData(2000, 3000)]
    [InlineData(10000, 2000)]
    public void IndependentColumnsDrawnWithReplacementFormNoGroup(int unique, int draws)
    {
        const int D = 8;
        var spurious = new List<string>();
        for (int trial = 0; trial < 5; trial++)
        {
            var random = new Random(100 + trial);
            var rows = Enumerable.Range(0, unique * D).Select(_ => Normal(random)).ToArray();
            var sample = new double[draws * D];
            for (int i = 0; i < draws; i++) Array.Copy(rows, random.Next(unique) * D, sample, i * D, D);
            var (groups, _) = ComponentGroups.Find(sample, D, 0.02, (ulong)trial);
            if (groups.Length != D) spurious.Add($"trial {trial}: {string.Join(" ", groups.Select(g => $"[{string.Join(",", g)}]"))}");
        }
        Assert.True(spurious.Count == 0, $"{draws} draws of {unique} rows of independent columns:\n{string.Join("\n", spurious)}");
    }
}
