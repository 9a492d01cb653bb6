// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IOpmlOracle} from "../interfaces/IOpmlOracle.sol";

/// @title PrimaryReader
/// @notice Never deployed. An oracle node sends its creation code as an `eth_call` without a target:
/// the constructor reads the drawn primary of many attempts in one call and returns them as the call's
/// result, where the node would otherwise make one `primaryOf` call per request (under load those
/// calls cost the chain's RPC more than the requests themselves).
contract PrimaryReader {
    /// @notice One attempt whose primary is wanted: the arguments of `IOpmlOracle.primaryOf`.
    struct Query {
        uint256 requestId;
        IOpmlOracle.RequestParams params;
        IOpmlOracle.Attempt attempt;
    }

    /// @notice Returns (as the call's return data, ABI-encoded `address[]`) `oracle.primaryOf` of each
    /// query, in order; zero where the call reverts (the request moved on, or its terms differ) or
    /// where `primaryOf` itself returns zero (no draw yet, nobody eligible, or the window is over).
    /// @param oracle The oracle.
    /// @param queries The attempts.
    constructor(IOpmlOracle oracle, Query[] memory queries) {
        address[] memory primaries = new address[](queries.length);
        for (uint256 i; i < queries.length; ++i) {
            Query memory q = queries[i];
            try oracle.primaryOf(q.requestId, q.params, q.attempt) returns (address primary) {
                primaries[i] = primary;
            } catch {
                primaries[i] = address(0);
            }
        }
        bytes memory result = abi.encode(primaries);
        assembly ("memory-safe") {
            return(add(result, 32), mload(result))
        }
    }
}
