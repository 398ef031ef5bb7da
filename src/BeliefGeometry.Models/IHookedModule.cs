namespace BeliefGeometry.Models;

/// <summary>A module that declares hook points of its own (named by <see cref="HookPoint.NameTree"/>).</summary>
internal interface IHookedModule
{
    /// <summary>The hook points this module declares itself (not its children's), by local name.</summary>
    IEnumerable<HookPoint> LocalHookPoints { get; }
}
