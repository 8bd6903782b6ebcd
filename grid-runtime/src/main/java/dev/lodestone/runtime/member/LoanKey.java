package dev.lodestone.runtime.member;

/** A task's identity between members: its submitter and its sequence there. */
record LoanKey(long clientId, long seq) {
}
