namespace BeliefGeometry.Reports.Tests.Html;

/// <summary>Where the Debian chromium and chromium-driver packages put their programs.</summary>
internal static class Chromium
{
    public const string Browser = "/usr/bin/chromium";
    public const string Driver = "/usr/bin/chromedriver";

    public static bool IsInstalled => File.Exists(Browser) && File.Exists(Driver);

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
