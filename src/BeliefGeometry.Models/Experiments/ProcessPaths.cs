namespace BeliefGeometry.Models.Experiments;

/// <summary>
/// Process specs that name files: a factor of a spec (<c>a.json</c>, <c>a.json*mess3</c>) is a path when it ends in
/// <c>.json</c> or holds a directory separator. Experiment files resolve such paths against their own directory,
/// and <c>config.json</c> stores them absolute, so a run reads back from any working directory.
/// </summary>
public static class ProcessPaths
{
    /// <summary><paramref name="spec"/> with every relative file path made absolute against <paramref name="directory"/>.</summary>
    public static string Absolute(string spec, string directory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return string.Join('*', spec.Split('*').Select(factor =>
        {
            string path = factor.Trim();
            bool isPath = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.Contains('/') || path.Contains('\\');
            return isPath && !Path.IsPathRooted(path) ? Path.GetFullPath(Path.Combine(directory, path)) : factor;
        }));
    }
}
