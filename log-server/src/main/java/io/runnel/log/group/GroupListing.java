package io.runnel.log.group;

/** A group as ListGroups shows it; {@code protocolType} is empty for a group that only commits offsets. */
public record GroupListing(String groupId, String protocolType, GroupState state) {}
