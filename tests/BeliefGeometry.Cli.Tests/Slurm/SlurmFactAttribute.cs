namespace BeliefGeometry.Cli.Tests.Slurm;

/// <summary>
/// A fact that needs a local Slurm cluster: skipped (with the reason) when slurmctld, slurmd, sbatch or munged is
/// missing, except on CI (CI=true), where it runs and fails so a missing install cannot pass unnoticed.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (!SlurmPrograms.IsInstalled && !SlurmPrograms.IsCi)
            Skip = "needs slurm-wlm and munge: apt-get install slurm-wlm munge (with CI=true this test fails instead)";
    }
}
