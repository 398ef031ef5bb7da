namespace BeliefGeometry.Models.Activations;

/// <summary>Activations captured at several hook points for the same prefixes, in PrefixSet row order.</summary>
public sealed class ActivationSet
{
    private readonly Dictionary<string, ActivationMatrix> _byHook;

    public ActivationSet(int count, IEnumerable<ActivationMatrix> matrices)
    {
        ArgumentNullException.ThrowIfNull(matrices);
        var list = matrices.ToList();
        foreach (var m in list)
            if (m.Rows != count) throw new ArgumentException($"{m.Hook} has {m.Rows} rows, expected {count}", nameof(matrices));
        Count = count;
        HookNames = [.. list.Select(m => m.Hook)];
        _byHook = list.ToDictionary(m => m.Hook);
    }

    /// <summary>Number of rows (prefixes).</summary>
    public int Count { get; }

    /// <summary>The captured hook points, in forward order.</summary>
    public IReadOnlyList<string> HookNames { get; }

    /// <summary>The activations at <paramref name="hook"/>.</summary>
    public ActivationMatrix this[string hook] =>
        _byHook.TryGetValue(hook, out var m) ? m : throw new KeyNotFoundException($"hook {hook} was not captured");

    public bool TryGet(string hook, out ActivationMatrix matrix) => _byHook.TryGetValue(hook, out matrix!);

    /// <summary>Width of <paramref name="hook"/>'s rows.</summary>
    public int Width(string hook) => this[hook].Width;
}
