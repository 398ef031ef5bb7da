namespace BeliefGeometry.Processes;

/// <summary>The transition matrices of the catalog processes (docs/design.md section 1).</summary>
internal static class CatalogProcesses
{
    /// <summary>Mess3: β = (1−a)/2, y = 1−2x; token k favours moving to state k (weight a) over the others (β).</summary>
    public static HiddenMarkovProcess Mess3(double x, double a, string name)
    {
        double b = (1 - a) / 2, y = 1 - 2 * x;
        var matrices = new double[3][,];
        for (int k = 0; k < 3; k++)
        {
            var m = new double[3, 3];
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    m[i, j] = (j == k ? a : b) * (i == j ? y : x);
            matrices[k] = m;
        }
        return new HiddenMarkovProcess(name, ["0", "1", "2"], ["A", "B", "C"], matrices, description: "Mess3");
    }

    /// <summary>RRXOR: S –0 (p1)→ Z, –1→ O; Z –0 (p2)→ F, –1→ T; O –0 (p2)→ T, –1→ F; T –1→ S; F –0→ S.</summary>
    public static HiddenMarkovProcess Rrxor(double p1, double p2, string name)
    {
        const int S = 0, Z = 1, O = 2, T = 3, F = 4;
        var zero = new double[5, 5];
        var one = new double[5, 5];
        zero[S, Z] = p1; one[S, O] = 1 - p1;
        zero[Z, F] = p2; one[Z, T] = 1 - p2;
        zero[O, T] = p2; one[O, F] = 1 - p2;
        one[T, S] = 1;
        zero[F, S] = 1;
        return new HiddenMarkovProcess(name, ["0", "1"], ["S", "Z", "O", "T", "F"], [zero, one], description: "RRXOR");
    }

    /// <summary>Z1R: A –0→ B –1→ C, then C emits 0 or 1 with probability ½ each and returns to A.</summary>
    public static HiddenMarkovProcess Z1r(string name)
    {
        var zero = new double[3, 3];
        var one = new double[3, 3];
        zero[0, 1] = 1;
        one[1, 2] = 1;
        zero[2, 0] = 0.5; one[2, 0] = 0.5;
        return new HiddenMarkovProcess(name, ["0", "1"], ["A", "B", "C"], [zero, one], description: "Z1R");
    }

    /// <summary>Golden mean: A –1 (p)→ B, A –0 (1−p)→ A, B –0→ A; no two 1s in a row.</summary>
    public static HiddenMarkovProcess GoldenMean(double p, string name)
    {
        var zero = new double[2, 2];
        var one = new double[2, 2];
        zero[0, 0] = 1 - p; one[0, 1] = p;
        zero[1, 0] = 1;
        return new HiddenMarkovProcess(name, ["0", "1"], ["A", "B"], [zero, one], description: "golden mean");
    }

    /// <summary>Even process: A –0 (1−p)→ A, A –1 (p)→ B, B –1→ A; 1s come in runs of even length.</summary>
    public static HiddenMarkovProcess Even(double p, string name)
    {
        var zero = new double[2, 2];
        var one = new double[2, 2];
        zero[0, 0] = 1 - p; one[0, 1] = p;
        one[1, 0] = 1;
        return new HiddenMarkovProcess(name, ["0", "1"], ["A", "B"], [zero, one], description: "even process");
    }
}
