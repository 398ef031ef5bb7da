using TorchSharp;

namespace BeliefGeometry.Models;

/// <summary>
/// A named place in the forward pass where an activation can be read: TransformerLens's <c>HookPoint</c>. The
/// module that owns it declares it by its local name (<c>hook_resid_pre</c>); the model then names its module tree
/// once (<see cref="NameTree"/>), prefixing each point with its module's path (<c>blocks.0.hook_resid_pre</c>),
/// exactly as TransformerLens names hook points after <c>named_modules()</c>. Everything that addresses activations
/// (the cache, the incremental capture, the probe's choice of layers) uses these names instead of spelling them.
/// </summary>
public sealed class HookPoint
{
    private bool _named;

    /// <summary>A hook point called <paramref name="localName"/> inside the module that declares it.</summary>
    public HookPoint(string localName)
    {
        ArgumentException.ThrowIfNullOrEmpty(localName);
        Name = localName;
    }

    /// <summary>The full TransformerLens name, e.g. <c>blocks.0.attn.hook_q</c> (the local name until the tree is named).</summary>
    public string Name { get; private set; }

    /// <summary>
    /// Whether the activation is [batch, pos, …] — one row per position, so it can be captured per prefix. False for
    /// attention patterns ([batch, head, query, key]), declared so by their module.
    /// </summary>
    public bool PerPosition { get; init; } = true;

    public override string ToString() => Name;

    /// <summary>
    /// Gives every hook point in <paramref name="root"/>'s module tree its full name: module path + "." + local name
    /// (the root's own points keep their local names). Call once, after the tree is registered.
    /// </summary>
    public static void NameTree(torch.nn.Module root)
    {
        ArgumentNullException.ThrowIfNull(root);
        Place(root, "");
        foreach (var (path, module) in root.named_modules())
            if (path.Length > 0) Place(module, path);

        static void Place(torch.nn.Module module, string path)
        {
            if (module is not IHookedModule hooked) return;
            foreach (var point in hooked.LocalHookPoints)
            {
                if (point._named) throw new InvalidOperationException($"hook point {point.Name} is already named");
                point.Name = path.Length == 0 ? point.Name : $"{path}.{point.Name}";
                point._named = true;
            }
        }
    }
}
