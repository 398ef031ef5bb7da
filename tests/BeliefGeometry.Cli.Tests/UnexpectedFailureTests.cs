using System.Text;

namespace BeliefGeometry.Cli.Tests;

/// <summary>A failure that is not the user's: exit code 1, one line on stderr, no stack trace.</summary>
public class UnexpectedFailureTests
{
    private sealed class BrokenWriter : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) => throw new IOException("disk on fire");
        public override void Write(string? value) => throw new IOException("disk on fire");
    }

    [Theory]
    [InlineData("theory", "golden_mean", "--json")]
    [InlineData("theory", "golden_mean")]
    [InlineData("processes")]
    public void FailingOutputGivesExitCode1AndOneLine(params string[] args)
    {
        var stderr = new StringWriter();
        int code = BeliefApp.Run(args, new BrokenWriter(), stderr);
        Assert.Equal(1, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("belief: error: unexpected IOException: disk on fire", line);
    }
}
