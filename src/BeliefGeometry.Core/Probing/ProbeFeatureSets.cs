using BeliefGeometry.Data;

namespace BeliefGeometry.Probing;

/// <summary>The feature sets of a probe analysis, in the order of its results: the blocks, their concatenation, the baselines.</summary>
public static class ProbeFeatureSets
{
    /// <summary>
    /// Every block (those named by <see cref="ProbeSettings.Probed"/> when given); with <see cref="ProbeSettings.Concatenate"/> and at least two members (the blocks named by
    /// <see cref="ProbeSettings.ConcatenationOf"/>, all when null) their concatenation, whose sub-blocks the
    /// members are; each of <see cref="ProbeSettings.FeatureSets"/>; with <see cref="ProbeSettings.Baselines"/> the last-m-token one-hots for m in
    /// <see cref="ProbeSettings.MarkovOrders"/> and the next-token distribution; with <see cref="ProbeSettings.RandomNull"/>
    /// one random-feature null per width of the blocks and the concatenation (named <c>random_{width}</c>).
    /// </summary>
    public static IReadOnlyList<FeatureSet> Create(IReadOnlyList<FeatureMatrix> blocks, PrefixSet prefixes, ProbeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(prefixes);
        ArgumentNullException.ThrowIfNull(settings);
        var sets = new List<FeatureSet>();
        // The probed blocks in the order the settings name them.
        var probed = settings.Probed is { } only ? [.. only.Select(n => blocks.FirstOrDefault(b => b.Name == n)).OfType<FeatureMatrix>()] : blocks.ToList();
        var members = settings.ConcatenationOf is { } names ? blocks.Where(b => names.Contains(b.Name)).ToList() : blocks.ToList();
        if (members.Count > 1 && settings.Concatenate)
        {
            var concatenation = Concatenation(settings.ConcatenationName, members);
            var offsets = new Dictionary<string, int>();
            int offset = 0;
            foreach (var member in members) { offsets[member.Name] = offset; offset += member.Columns; }
            foreach (var block in probed)
                sets.Add(offsets.TryGetValue(block.Name, out int o)
                    ? new FeatureSet(block, FeatureSetKind.Block) { Within = concatenation, ColumnOffset = o }
                    : new FeatureSet(block, FeatureSetKind.Block));
            sets.Add(concatenation);
        }
        else
            sets.AddRange(probed.Select(b => new FeatureSet(b, FeatureSetKind.Block)));
        foreach (var named in settings.FeatureSets)
        {
            var missing = named.Of.FirstOrDefault(n => blocks.All(b => b.Name != n));
            if (missing is not null)
                throw new InputException($"probe: feature set '{named.Name}' names '{missing}', which is not among the features ({string.Join(", ", blocks.Select(b => b.Name))})");
            sets.Add(Concatenation(named.Name, [.. named.Of.Select(n => blocks.First(b => b.Name == n))]));
        }
        if (settings.RandomNull)
        {
            // One null per width of the model's sets; a width the concatenation has is fitted as the concatenation is.
            var model = sets.ToList();
            foreach (int width in model.Select(s => s.Width).Distinct())
            {
                var kind = model.Any(s => s.Width == width && s.Kind == FeatureSetKind.Concatenation) ? FeatureSetKind.Concatenation : FeatureSetKind.Block;
                sets.Add(new FeatureSet(FeatureMatrix.Random($"random_{width}", prefixes.Count, width, settings.Seed ^ (0xC2B2AE3D27D4EB4FUL * (ulong)width)),
                    FeatureSetKind.RandomNull) { StandsFor = kind });
            }
        }
        if (settings.Baselines)
        {
            foreach (int m in settings.MarkovOrders) sets.Add(new FeatureSet(ProbeTargets.LastTokensOneHot(prefixes, m), FeatureSetKind.Baseline));
            sets.Add(new FeatureSet(ProbeTargets.NextTokenFeatures(prefixes), FeatureSetKind.Baseline));
        }
        if (sets.GroupBy(x => x.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new InputException($"probe: two feature sets are named '{twice.Key}'; give each a name of its own");
        return sets;
    }

    private static FeatureSet Concatenation(string name, IReadOnlyList<FeatureMatrix> members) =>
        new(FeatureMatrix.Concatenate(name, members), FeatureSetKind.Concatenation) { Blocks = [.. members.Select(m => m.Name)] };
}
