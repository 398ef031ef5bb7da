namespace BeliefGeometry.Models.Training;

/// <summary>One optimizer step: its batch loss (nats), learning rate and throughput.</summary>
public sealed record TrainRecord(long Step, long Tokens, double Loss, double LearningRate, double TokensPerSecond);
