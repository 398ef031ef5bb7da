namespace BeliefGeometry.Numerics;

/// <summary>
/// The Kronecker (tensor) product, (A ⊗ B)[i·r_B + k, j·c_B + l] = A[i, j]·B[k, l]: the index of the pair is row-major in
/// the factors (the last varies fastest), as for products of processes (docs/design.md section 1.9).
/// </summary>
public static class Kronecker
{
    /// <summary>A ⊗ B of row-major matrices with <paramref name="rowsA"/> and <paramref name="rowsB"/> rows (a row vector has one).</summary>
    public static double[] Product(ReadOnlySpan<double> a, int rowsA, ReadOnlySpan<double> b, int rowsB)
    {
        int colsA = a.Length / rowsA, colsB = b.Length / rowsB, cols = colsA * colsB;
        var result = new double[a.Length * b.Length];
        for (int i = 0; i < rowsA; i++)
            for (int j = 0; j < colsA; j++)
            {
                double w = a[i * colsA + j];
                if (w == 0) continue;
                for (int k = 0; k < rowsB; k++)
                    for (int l = 0; l < colsB; l++)
                        result[(i * rowsB + k) * cols + j * colsB + l] = w * b[k * colsB + l];
            }
        return result;
    }

    /// <summary>A ⊗ B of two matrices.</summary>
    public static double[,] Product(double[,] a, double[,] b)
    {
        int ra = a.GetLength(0), ca = a.GetLength(1), rb = b.GetLength(0), cb = b.GetLength(1);
        var result = new double[ra * rb, ca * cb];
        for (int i = 0; i < ra; i++)
            for (int j = 0; j < ca; j++)
            {
                double w = a[i, j];
                if (w == 0) continue;
                for (int k = 0; k < rb; k++)
                    for (int l = 0; l < cb; l++) result[i * rb + k, j * cb + l] = w * b[k, l];
            }
        return result;
    }
}
