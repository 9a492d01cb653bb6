// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @notice One operator's membership of a model's draw in one word: operator (bits 0–159), joined
/// at (160–199), left at (200–239, 0 while still a member).
type PackedMember is uint256;

using PackedMemberLib for PackedMember global;

/// @title PackedMemberLib
/// @notice Packs and reads `PackedMember`s. A member counts in the draw of an attempt opened at `t`
/// when it joined before `t` and had not left before `t`.
library PackedMemberLib {
    /// @notice A membership of `member` starting at `joinTime`.
    function pack(address member, uint256 joinTime) internal pure returns (PackedMember) {
        return PackedMember.wrap(uint256(uint160(member)) | (uint256(uint40(joinTime)) << 160));
    }

    /// @notice The same membership, ended at `leaveTime`.
    function leaving(PackedMember m, uint256 leaveTime) internal pure returns (PackedMember) {
        return PackedMember.wrap(PackedMember.unwrap(m) | (uint256(uint40(leaveTime)) << 200));
    }

    /// @notice The member.
    function operator(PackedMember m) internal pure returns (address) {
        return address(uint160(PackedMember.unwrap(m)));
    }

    /// @notice When it joined.
    function joinedAt(PackedMember m) internal pure returns (uint256) {
        return uint40(PackedMember.unwrap(m) >> 160);
    }

    /// @notice When it left (0 while still a member).
    function leftAt(PackedMember m) internal pure returns (uint256) {
        return uint40(PackedMember.unwrap(m) >> 200);
    }

    /// @notice Whether it counts in the draw of an attempt opened at `openedAt`.
    function countsAt(PackedMember m, uint256 openedAt) internal pure returns (bool) {
        uint256 left = leftAt(m);
        return joinedAt(m) < openedAt && (left == 0 || openedAt <= left);
    }
}
