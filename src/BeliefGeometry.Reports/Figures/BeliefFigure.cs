using BeliefGeometry.Data;
using BeliefGeometry.Processes;

namespace BeliefGeometry.Reports.Figures;

/// <summary>
/// The belief-geometry figure suited to where the beliefs live: the simplex only for an HMM, the Bloch disk or ball
/// for a qubit, the weighted PCA otherwise (docs/design.md section 2.8).
/// </summary>
public static class BeliefFigure
{
    /// <summary>The figure for beliefs of <paramref name="states"/> entries in <paramref name="space"/>; only an HMM gets simplex corners.</summary>
    public static BeliefFigureKind KindOf(BeliefSpace space, int states) => space switch
    {
        BeliefSpace.Simplex => states == 3 ? BeliefFigureKind.Simplex : BeliefFigureKind.SimplexPca,
        BeliefSpace.Bloch when states == 3 => BeliefFigureKind.BlochDisk,
        BeliefSpace.Bloch when states == 4 => BeliefFigureKind.BlochBall,
        _ => BeliefFigureKind.Pca,
    };

    /// <summary>Writes basePath.png and basePath.svg with the figure <see cref="KindOf"/> picks for <paramref name="beliefs"/>.</summary>
    public static FigureFiles Write(BeliefComparison beliefs, string basePath)
    {
        ArgumentNullException.ThrowIfNull(beliefs);
        return KindOf(beliefs.Space, beliefs.StateNames.Count) switch
        {
            BeliefFigureKind.Simplex => SimplexFigure.Write(beliefs, basePath),
            BeliefFigureKind.BlochDisk or BeliefFigureKind.BlochBall => BlochFigure.Write(beliefs, basePath),
            _ => BeliefPcaFigure.Write(beliefs, basePath),
        };
    }

    /// <summary>
    /// The process's belief geometry from theory alone: the exact belief of every prefix in <paramref name="prefixes"/>,
    /// weighted by its probability, in the figure of the process's belief space (truth panels only).
    /// </summary>
    public static FigureFiles WriteExact(PrefixSet prefixes, string basePath)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        var process = prefixes.Process;
        return Write(new BeliefComparison(process.States, prefixes.Beliefs.ToArray(), null, prefixes.Probabilities.ToArray(),
            $"Exact beliefs, prefix lengths {prefixes.MinLength}–{prefixes.MaxLength}", Space: process.BeliefSpace), basePath);
    }

    /// <summary>A title for the figure of <paramref name="kind"/>, e.g. "Beliefs in the Bloch disk".</summary>
    public static string Title(BeliefFigureKind kind) => kind switch
    {
        BeliefFigureKind.Simplex => "Beliefs in the simplex",
        BeliefFigureKind.SimplexPca => "Beliefs in the simplex, through a weighted PCA",
        BeliefFigureKind.BlochDisk => "Beliefs in the Bloch disk",
        BeliefFigureKind.BlochBall => "Beliefs in the Bloch ball",
        _ => "Beliefs through a weighted PCA",
    };

    /// <summary>How the points of <paramref name="kind"/> are placed and coloured, for a caption; <paramref name="withPrediction"/> adds how a prediction is placed where that differs.</summary>
    public static string Coloring(BeliefFigureKind kind, bool withPrediction = false) => kind switch
    {
        BeliefFigureKind.Simplex => "each at its barycentric position and coloured RGB = η",
        BeliefFigureKind.BlochDisk or BeliefFigureKind.BlochBall => "each at its Bloch vector r = (η₁, …)/η₀, coloured RGB = (1 + r)/2"
            + (withPrediction ? " (a prediction over the true η₀, a linear map that draws its errors as they are)" : ""),
        BeliefFigureKind.SimplexPca => "projected on the principal components of the exact beliefs (pure states marked), coloured by the first three",
        _ => "projected on the principal components of the exact beliefs, coloured by the first three (no simplex: a generalized HMM's beliefs are not distributions)",
    };
}
