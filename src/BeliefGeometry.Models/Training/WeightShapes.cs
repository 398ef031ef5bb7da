namespace BeliefGeometry.Models.Training;

/// <summary>The tensors of a weights file against those of the model they are for: the same names, each of the same shape.</summary>
internal static class WeightShapes
{
    /// <summary>
    /// Throws <see cref="InputException"/> naming the tensor unless <paramref name="actual"/> (the tensors in
    /// <paramref name="path"/>, name → shape) holds exactly the tensors of <paramref name="expected"/> with those shapes;
    /// <paramref name="configPath"/> is named as the source of the expected shapes.
    /// </summary>
    public static void Check(string path, IReadOnlyDictionary<string, long[]> actual, IReadOnlyDictionary<string, long[]> expected, string configPath)
    {
        foreach (var (name, shape) in expected)
        {
            if (!actual.TryGetValue(name, out var found))
                throw new InputException($"'{path}' has no tensor {name}, which the model of '{configPath}' needs: the weights and the config do not match");
            if (!found.SequenceEqual(shape))
                throw new InputException(
                    $"'{path}': tensor {name} is [{string.Join(", ", found)}] but the model of '{configPath}' needs [{string.Join(", ", shape)}]: the weights and the config do not match");
        }
        foreach (string name in actual.Keys)
            if (!expected.ContainsKey(name))
                throw new InputException($"'{path}' has a tensor {name} that the model of '{configPath}' does not have: the weights and the config do not match");
    }
}
