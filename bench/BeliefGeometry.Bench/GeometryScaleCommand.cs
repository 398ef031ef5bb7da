using System.Diagnostics;
using BeliefGeometry.Arrays;
using BeliefGeometry.Geometry.Simplices;

namespace BeliefGeometry.Bench;

/// <summary>
/// <c>geometry-scale ROWS WIDTH</c> (or <c>geometry-scale FILE</c>, any [rows, width] array file the CLI reads): outside BenchmarkDotNet, one run of what
/// <see cref="GeometryBenchmarks.PcaAndSearch"/> measures, in a process of its own so that its peak memory can be read
/// (run it under <c>/usr/bin/time -v</c>). Prints wall and CPU time per stage (writing the file, pass 1 = the Gram,
/// the eigendecomposition, pass 2 = the scores, the search), what the search found against the generator's truth, and
/// memory: <see cref="Process.PeakWorkingSet64"/> (VmHWM) and the largest anonymous, file-backed and shared-memory RSS
/// seen by a 20 ms sampler of /proc/self/status — the memory-mapped file's pages count in the RSS once touched.
/// </summary>
public static class GeometryScaleCommand
{
    public const string Name = "geometry-scale";

    /// <summary><c>geometry-generate ROWS WIDTH</c>: only writes (or finds) the file, in <c>GEOMETRY_BENCH_DIR</c>, to be reused.</summary>
    public const string GenerateName = "geometry-generate";

    public static int Generate(string[] args)
    {
        if (args.Length != 2 || !int.TryParse(args[0], out int rows) || !int.TryParse(args[1], out int width) || rows < 1 || width < 1
            || Environment.GetEnvironmentVariable(GeometryData.DirectoryVariable) is not { Length: > 0 })
        {
            Console.Error.WriteLine($"usage: {GeometryData.DirectoryVariable}=DIR {GenerateName} ROWS WIDTH   (writes DIR/simplices_ROWSxWIDTH.npy unless it is there)");
            return 2;
        }
        var process = Process.GetCurrentProcess();
        using var data = GeometryData.Prepare(new GeometryScale(rows, width), Console.Out);
        process.Refresh();
        Console.WriteLine($"{data.Path}: {(data.Generated ? $"written in {data.GenerationTime.TotalSeconds:F2} s wall, {process.TotalProcessorTime.TotalSeconds:F2} s CPU (process)" : "already there")}");
        return 0;
    }

    public static int Run(string[] args)
    {
        GeometryScale scale = default;
        string? file = null;
        if (args.Length == 1 && GeometryData.ShapeOf(Path.GetFullPath(args[0])) is { } shape)
            (file, scale) = (Path.GetFullPath(args[0]), shape);
        else if (args.Length == 2 && int.TryParse(args[0], out int rows) && int.TryParse(args[1], out int width) && rows > 0 && width > 0)
            scale = new GeometryScale(rows, width);
        if (scale == default)
        {
            Console.Error.WriteLine($"usage: {Name} ROWS WIDTH   (generates the file, or reuses it: {GeometryData.FileVariable}, {GeometryData.DirectoryVariable})");
            Console.Error.WriteLine($"       {Name} FILE         (a [rows, width] .npy, .npz or safetensors array as it is)");
            return 2;
        }

        using var memory = new MemorySampler();
        var stages = new List<(string Name, TimeSpan Wall, TimeSpan Cpu)>();
        var process = Process.GetCurrentProcess();
        var clock = Stopwatch.StartNew();
        TimeSpan lastWall = TimeSpan.Zero, lastCpu = process.TotalProcessorTime;
        void Stage(string name)
        {
            process.Refresh();
            TimeSpan wall = clock.Elapsed, cpu = process.TotalProcessorTime;
            stages.Add((name, wall - lastWall, cpu - lastCpu));
            memory.EndStage(name);
            (lastWall, lastCpu) = (wall, cpu);
        }

        if (file is not null) Environment.SetEnvironmentVariable(GeometryData.FileVariable, file);
        using var data = GeometryData.Prepare(scale, Console.Out);
        Stage(data.Generated ? "write the file (+ fsync)" : "find the file");
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var pcaClock = Stopwatch.StartNew();

        PrincipalCoordinates coordinates;
        using (var source = ArraySource.Open(data.Path))
        {
            Console.WriteLine($"// {source}, file {new FileInfo(data.Path).Length / 1e9:F2} GB, {GeometryBenchmarks.Components} components, {GeometryBenchmarks.Threads} threads");
            int lastPass = 1;
            coordinates = StreamedPca.Compute(source, null, GeometryBenchmarks.Components, (pass, fraction) =>
            {
                if (pass == 1 && fraction >= 1) Stage("PCA pass 1: Gram of all rows");
                if (pass == 2 && lastPass == 1) Stage($"PCA eigendecomposition (+ pass 2's first {PassTwoBlock:N0} rows)");
                lastPass = pass;
            }, GeometryBenchmarks.Threads);
            Stage("PCA pass 2: scores on 24 components");
        }
        var pcaTime = pcaClock.Elapsed;
        var searchClock = Stopwatch.StartNew();
        int candidates = 0;
        var result = SimplexSearch.Run(coordinates, new SimplexSearchOptions(), _ =>
            Stage(++candidates == 1 ? "search: sample, ICA, group; candidate 1 and nulls" : $"search: candidate {candidates} and its nulls"));
        var searchTime = searchClock.Elapsed;
        Stage(candidates == 0 ? "SimplexSearch.Run (no candidate)" : "search: the rerun on shuffled components");
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        long peak = process.PeakWorkingSet64;
        memory.Dispose();

        Console.WriteLine();
        Console.WriteLine($"{"stage",-52} {"wall s",8} {"cpu s",8} {"anon MB",8} {"file MB",8} {"shmem MB",8}");
        foreach (var (name, wall, cpu) in stages)
        {
            var m = memory.Peaks[name];
            Console.WriteLine($"{name,-52} {wall.TotalSeconds,8:F2} {cpu.TotalSeconds,8:F2} {Mb(m.Anon),8:F0} {Mb(m.File),8:F0} {Mb(m.Shmem),8:F0}");
        }
        Console.WriteLine($"{"PCA (open, 2 passes, eigendecomposition)",-52} {pcaTime.TotalSeconds,8:F2}");
        Console.WriteLine($"{"PCA + search (as PcaAndSearch times it)",-52} {(pcaTime + searchTime).TotalSeconds,8:F2}");
        Console.WriteLine();
        Console.WriteLine($"peak working set (Process.PeakWorkingSet64 = VmHWM): {Mb(peak):F0} MB; largest sampled RSS {Mb(memory.All.Total):F0} MB = " +
            $"anonymous {Mb(memory.All.Anon):F0} MB + file-backed {Mb(memory.All.File):F0} MB + shared memory {Mb(memory.All.Shmem):F0} MB (each at its own largest)");
        Console.WriteLine($"managed bytes allocated by PCA + search: {Mb(allocated):F0} MB; GC count gen0/1/2: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
        Console.WriteLine();
        Report(result, coordinates, data, scale);
        return 0;
    }

    /// <summary>Rows per block of <see cref="PrincipalCoordinates.FromComponents"/> (its first progress report comes after one).</summary>
    private const int PassTwoBlock = 4096;

    private static double Mb(long bytes) => bytes / (1024.0 * 1024.0);

    /// <summary>The search's result; for a generated file also where each candidate lies: the share of its directions in each simplex's true subspace.</summary>
    private static void Report(SimplexSearchResult result, PrincipalCoordinates coordinates, GeometryData data, GeometryScale scale)
    {
        Console.WriteLine($"search: {result.SearchedComponents} components above the noise floor ({result.NoiseFloor:G3}), " +
            $"{result.Candidates.Count} candidates, {result.Found.Count()} found; on shuffled components {result.ShuffledFound} of {result.ShuffledCandidates} found");
        bool known = data.Generated || Path.GetFileName(data.Path) == $"simplices_{scale}.npy";
        var truth = known ? new SimplexActivationFile(scale.Width) : null;
        for (int c = 0; c < result.Candidates.Count; c++)
        {
            var candidate = result.Candidates[c];
            string where = "";
            if (truth is not null)
            {
                var (factor, share) = BestFactor(candidate, coordinates, truth);
                where = $", {share:P1} of its directions in simplex {factor}'s subspace ({truth.VertexCounts[factor]} vertices)";
            }
            Console.WriteLine($"  candidate {c}: {candidate.Vertices} vertices, group of {candidate.Group.Length}, held-out error {candidate.HeldOutError:G3} " +
                $"(null ratios {string.Join(", ", candidate.Nulls.Select(n => n.Ratio.ToString("F3")))}), {(candidate.Found ? "found" : "not found")}{where}");
        }
        if (truth is not null)
            Console.WriteLine($"  truth: simplices of {string.Join(", ", truth.VertexCounts)} vertices, {truth.Distractors} Gaussian distractors, noise sd {truth.Noise}");
    }

    /// <summary>The factor whose subspace holds the largest share of the candidate's k − 1 directions (in activation space, Σ_j P[j, r]·basis_j).</summary>
    private static (int Factor, double Share) BestFactor(SimplexCandidate candidate, PrincipalCoordinates coordinates, SimplexActivationFile truth)
    {
        int width = coordinates.Width, m = candidate.Fit.Dimension, d = candidate.Pattern.Length / m;
        var directions = new double[m][];
        for (int r = 0; r < m; r++)
        {
            var v = directions[r] = new double[width];
            for (int j = 0; j < d; j++)
                for (int e = 0; e < width; e++) v[e] += candidate.Pattern[j * m + r] * coordinates.Basis[j * width + e];
        }
        double total = directions.Sum(v => v.Sum(x => x * x));
        var best = (Factor: -1, Share: 0.0);
        for (int f = 0; f < truth.VertexCounts.Count; f++)
        {
            var subspace = truth.FactorSubspace(f);
            double inside = 0;
            foreach (var v in directions)
                for (int b = 0; b < truth.VertexCounts[f] - 1; b++)
                {
                    double dot = 0;
                    for (int e = 0; e < width; e++) dot += subspace[b * width + e] * v[e];
                    inside += dot * dot;
                }
            if (inside / total > best.Share) best = (f, inside / total);
        }
        return best;
    }

    /// <summary>Samples /proc/self/status every 20 ms: the largest RssAnon, RssFile, RssShmem and VmRSS, per stage and overall.</summary>
    private sealed class MemorySampler : IDisposable
    {
        public readonly record struct Rss(long Anon, long File, long Shmem, long Total)
        {
            public Rss Max(Rss other) => new(Math.Max(Anon, other.Anon), Math.Max(File, other.File), Math.Max(Shmem, other.Shmem), Math.Max(Total, other.Total));
        }

        private readonly Thread _thread;
        private readonly Lock _lock = new();
        private volatile bool _stop;
        private Rss _stage;

        public MemorySampler()
        {
            _thread = new Thread(() =>
            {
                while (!_stop)
                {
                    Sample();
                    Thread.Sleep(20);
                }
            }) { IsBackground = true, Name = "rss sampler" };
            _thread.Start();
        }

        public Dictionary<string, Rss> Peaks { get; } = [];

        public Rss All { get; private set; }

        /// <summary>Closes a stage: its peaks are those sampled since the last stage ended, and now.</summary>
        public void EndStage(string name)
        {
            Sample();
            lock (_lock)
            {
                Peaks[name] = _stage;
                _stage = default;
            }
        }

        private void Sample()
        {
            var now = Read();
            lock (_lock)
            {
                _stage = _stage.Max(now);
                All = All.Max(now);
            }
        }

        private static Rss Read()
        {
            long anon = 0, file = 0, shmem = 0, total = 0;
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("RssAnon:", StringComparison.Ordinal)) anon = Kb(line);
                else if (line.StartsWith("RssFile:", StringComparison.Ordinal)) file = Kb(line);
                else if (line.StartsWith("RssShmem:", StringComparison.Ordinal)) shmem = Kb(line);
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) total = Kb(line);
            }
            return new Rss(anon, file, shmem, total);
        }

        private static long Kb(string line) => 1024 * long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim());

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }
    }
}
